import Foundation

/// How many threads the kernels use (`--threads`); the number of cores by default.
public enum ComputeThreads {
    nonisolated(unsafe) private static var configured: Int?

    /// Sets the thread count; call before any model work starts.
    public static func configure(_ count: Int) {
        configured = max(1, count)
    }

    public static var count: Int {
        configured ?? cores
    }

    /// Read once: Foundation reads cgroup files in /sys on every call.
    private static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
