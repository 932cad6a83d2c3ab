import CKernels
import Foundation
import Synchronization

/// A fixed set of worker threads that, with the calling thread, run the
/// iterations of `forEach` jobs — no thread is created per operation.
///
/// Iterations are claimed one at a time from a shared counter, so uneven
/// iterations balance. Between jobs the workers spin briefly (a forward pass
/// issues a matrix product every few microseconds), then sleep on a
/// condition variable. One job runs at a time: a `forEach` issued while the
/// pool is busy (from another thread, or nested inside a job) runs its
/// iterations on the calling thread instead.
public final class ThreadPool: @unchecked Sendable {
    /// Threads that run a job's iterations, the caller included.
    public let threadCount: Int

    /// The job being run, owned by the `forEach` that published it.
    private final class Job {
        let body: (Int) -> Void
        init(_ body: @escaping (Int) -> Void) { self.body = body }
    }

    // A job generation in the high 32 bits, the next iteration to claim in
    // the low 32: claiming is one compare-exchange that fails if the job changed.
    private let ticket = Atomic<UInt64>(0)
    private let jobCount = Atomic<Int>(0)
    private let job = Atomic<UnsafeMutableRawPointer?>(nil)
    private let completed = Atomic<Int>(0)
    private let running = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private var generation: UInt32 = 0  // only the caller holding `running` touches it
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let wakeUp: UnsafeMutablePointer<pthread_cond_t>

    /// Polls a worker makes for the next job before it sleeps (tens of µs).
    private static let spinsBeforeSleeping = 20_000

    /// A pool of `threads` threads (at least 1): `threads − 1` workers plus the caller.
    public init(threads: Int) {
        threadCount = max(1, threads)
        mutex = .allocate(capacity: 1)
        wakeUp = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wakeUp, nil)
        for index in 1..<threadCount {
            let thread = Thread { [self] in workerLoop() }
            thread.name = "apiary-worker-\(index)"
            thread.start()
        }
    }

    /// Runs `body(i)` for every i in 0..<count on the pool's threads and
    /// returns when all have finished.
    public func forEach(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1, threadCount > 1, count <= Int(UInt32.max),
              running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let published = Unmanaged.passRetained(Job(body))
            job.store(published.toOpaque(), ordering: .releasing)
            jobCount.store(count, ordering: .releasing)
            completed.store(0, ordering: .releasing)
            generation &+= 1
            ticket.store(UInt64(generation) << 32, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(wakeUp)
                pthread_mutex_unlock(mutex)
            }
            work(generation: generation)
            var polls = 0
            while completed.load(ordering: .acquiring) < count {
                polls += 1
                if polls < 1_000 { ck_cpu_relax() } else { sched_yield() }
            }
            job.store(nil, ordering: .releasing)
            published.release()
        }
        running.store(false, ordering: .releasing)
    }

    /// Claims and runs iterations of job `generation` until none are left.
    private func work(generation: UInt32) {
        while true {
            let current = ticket.load(ordering: .acquiring)
            guard UInt32(truncatingIfNeeded: current >> 32) == generation else { return }
            let index = Int(current & 0xFFFF_FFFF)
            guard index < jobCount.load(ordering: .acquiring) else { return }
            guard ticket.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing).exchanged else {
                continue
            }
            // The claim holds the job: it cannot be retired before this iteration completes.
            if let pointer = job.load(ordering: .acquiring) {
                Unmanaged<Job>.fromOpaque(pointer)._withUnsafeGuaranteedRef { $0.body(index) }
            }
            completed.add(1, ordering: .releasing)
        }
    }

    private func workerLoop() {
        var seen: UInt32 = 0
        while true {
            var spins = 0
            while UInt32(truncatingIfNeeded: ticket.load(ordering: .acquiring) >> 32) == seen {
                if stopping.load(ordering: .acquiring) { return }
                spins += 1
                if spins < Self.spinsBeforeSleeping {
                    ck_cpu_relax()
                    continue
                }
                pthread_mutex_lock(mutex)
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while UInt32(truncatingIfNeeded: ticket.load(ordering: .sequentiallyConsistent) >> 32) == seen,
                      !stopping.load(ordering: .acquiring) {
                    pthread_cond_wait(wakeUp, mutex)
                }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(mutex)
                spins = 0
            }
            seen = UInt32(truncatingIfNeeded: ticket.load(ordering: .acquiring) >> 32)
            work(generation: seen)
        }
    }

    /// Ends the worker threads (after any running job); `forEach` then runs
    /// everything on the caller.
    func stop() {
        stopping.store(true, ordering: .releasing)
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(wakeUp)
        pthread_mutex_unlock(mutex)
    }

    // MARK: - The shared pool

    private static let current = Mutex<ThreadPool?>(nil)

    /// The pool the kernels use: one thread per active core unless
    /// `configureShared(threads:)` chose otherwise.
    public static var shared: ThreadPool {
        current.withLock { pool in
            if let pool { return pool }
            let created = ThreadPool(threads: ProcessInfo.processInfo.activeProcessorCount)
            pool = created
            return created
        }
    }

    /// Replaces the shared pool with one of `threads` threads (the CLI's
    /// `--threads`). Call it before inference starts.
    public static func configureShared(threads: Int) {
        current.withLock { pool in
            pool?.stop()
            pool = ThreadPool(threads: threads)
        }
    }
}
