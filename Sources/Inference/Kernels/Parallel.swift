import Dispatch
import Foundation

/// Splits independent work across cores.
///
/// Kernels hand raw buffers to worker threads; the pointers are wrapped in
/// `SharedPointer` to tell the compiler that the caller guarantees the
/// workers write disjoint ranges and the buffer outlives the call.
enum Parallel {
    /// Runs `body(chunk)` for chunk in 0..<count, spread over the cores.
    static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 {
            body(0)
            return
        }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }

    /// Threads to spread work over (`--threads`).
    static var cores: Int { ComputeThreads.count }

    /// Number of chunks to split `work` items into: a few per core so uneven
    /// chunks balance, but never chunks smaller than `minimum` items.
    static func chunkCount(for work: Int, minimum: Int) -> Int {
        max(1, min(cores * 4, work / max(minimum, 1)))
    }
}

/// A pointer that may cross into worker threads (see `Parallel`).
struct SharedPointer<Pointee>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Pointee>
    init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
}
