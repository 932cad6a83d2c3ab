/// Splits independent work across cores, on the shared `ThreadPool`.
///
/// Kernels hand raw buffers to worker threads; the pointers are wrapped in
/// `SharedPointer` to tell the compiler that the caller guarantees the
/// workers write disjoint ranges and the buffer outlives the call.
enum Parallel {
    /// Runs `body(chunk)` for chunk in 0..<count, spread over the cores.
    static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        ThreadPool.shared.forEach(count, body)
    }

    /// Threads the work is spread over.
    static var cores: Int { ThreadPool.shared.threadCount }

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
