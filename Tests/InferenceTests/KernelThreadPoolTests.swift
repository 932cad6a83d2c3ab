import Synchronization
import XCTest
@testable import Inference

final class KernelThreadPoolTests: XCTestCase {
    func testEveryIterationRunsExactlyOnceAcrossManyJobs() {
        let pool = ThreadPool(threads: 3)
        defer { pool.stop() }
        for count in [0, 1, 2, 7, 100, 1000] {
            let hits = Mutex([Int](repeating: 0, count: count))
            pool.forEach(count) { i in hits.withLock { $0[i] += 1 } }
            XCTAssertEqual(hits.withLock { $0 }, [Int](repeating: 1, count: count), "count \(count)")
        }
    }

    func testWorkIsSharedWithTheWorkerThreads() {
        let pool = ThreadPool(threads: 2)
        defer { pool.stop() }
        let threads = Mutex<Set<UInt>>([])
        // Iterations that each take a while: the worker must pick some up.
        pool.forEach(64) { _ in
            usleep(500)
            let thread = UInt(pthread_self())  // pthread_t is an integer on Linux
            threads.withLock { _ = $0.insert(thread) }
        }
        XCTAssertGreaterThanOrEqual(threads.withLock { $0.count }, 2)
    }

    func testANestedForEachRunsOnTheCallingThread() {
        let pool = ThreadPool(threads: 2)
        defer { pool.stop() }
        let total = Atomic<Int>(0)
        pool.forEach(4) { _ in
            pool.forEach(5) { _ in total.add(1, ordering: .relaxed) }
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 20)
    }

    func testAOneThreadPoolRunsOnTheCaller() {
        let pool = ThreadPool(threads: 1)
        XCTAssertEqual(pool.threadCount, 1)
        var order: [Int] = []
        pool.forEach(5) { order.append($0) }
        XCTAssertEqual(order, [0, 1, 2, 3, 4])
    }
}
