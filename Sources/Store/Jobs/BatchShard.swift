/// Which part of an input a sharded batch job takes: shard `index` of `count`
/// (`--shard K/N`, K from 0 to N-1, as Slurm's `SLURM_ARRAY_TASK_ID` and
/// Kubernetes' `JOB_COMPLETION_INDEX` count). Which tickets belong to a shard
/// is decided in Batch (`ShardKey`); the store keeps the two numbers.
public struct BatchShard: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The most shards one input may be split into.
    public static let maximumCount = 100_000

    public init(index: Int, count: Int) throws(BatchShardError) {
        guard (1...Self.maximumCount).contains(count) else { throw .countOutOfRange(count) }
        guard (0..<count).contains(index) else { throw .indexOutOfRange(index: index, count: count) }
        self.index = index
        self.count = count
    }

    /// Reads `K/N` (`0/3`, `2/3`).
    public init(parsing text: String) throws(BatchShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { throw .unreadable(text) }
        try self.init(index: index, count: count)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }
}

/// A `--shard` that cannot be one.
public enum BatchShardError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case countOutOfRange(Int)
    case indexOutOfRange(index: Int, count: Int)

    public var description: String {
        switch self {
        case .unreadable(let text):
            return "expected a shard as K/N (K from 0 to N-1, e.g. 0/4), got '\(text)'"
        case .countOutOfRange(let count):
            return "expected from 1 to \(BatchShard.maximumCount) shards, got \(count)"
        case .indexOutOfRange(let index, let count):
            return "shard \(index) of \(count) does not exist: K goes from 0 to \(count - 1)"
        }
    }
}
