import Foundation
import Store

/// One shard job found in a store.
public struct ShardStore: Sendable {
    /// The database file it was found in.
    public var path: String
    public var job: BatchJob
    public var shard: BatchShard

    public init(path: String, job: BatchJob, shard: BatchShard) {
        self.path = path
        self.job = job
        self.shard = shard
    }

    /// `shard 1/3 (path, job id)`, for messages.
    public var name: String { "shard \(shard) (\(path), job \(job.id))" }
}

/// The shards of one input split N ways, as found in a set of stores: which are there, and how
/// far the whole has got. `apiary jobs` shows it; `apiary batch merge` requires it complete.
public struct ShardSet: Sendable {
    public var input: String
    public var fingerprint: String
    public var count: Int
    /// The input's records (every shard's), when a shard has finished registering.
    public var records: Int?
    /// The shards found, by index; an index found twice is kept twice.
    public var shards: [ShardStore]

    /// Indices of shards not found.
    public var missing: [Int] {
        let present = Set(shards.map(\.shard.index))
        return (0..<count).filter { !present.contains($0) }
    }

    /// Indices found in more than one store.
    public var duplicated: [Int] {
        Dictionary(grouping: shards, by: \.shard.index).filter { $0.value.count > 1 }.keys.sorted()
    }

    /// Tickets finished in the shards found, and registered there.
    public var done: Int { shards.reduce(0) { $0 + $1.job.done } }
    public var registered: Int { shards.reduce(0) { $0 + $1.job.total } }
    public var failed: Int { shards.reduce(0) { $0 + $1.job.failed } }
    public var rejected: Int { shards.reduce(0) { $0 + $1.job.rejected } }
    public var finishedShards: Int { shards.filter { $0.job.status == .finished }.count }

    /// Every shard job in the stores at `paths`, opened read-only. A store without any is an error:
    /// it was given as a shard.
    public static func shardStores(in paths: [String]) throws -> [ShardStore] {
        var found: [ShardStore] = []
        for path in paths {
            let store = try BatchJobStore(database: Database.openStoreForReading(path: path))
            let shards = try store.jobs().compactMap { job in job.shard.map { ShardStore(path: path, job: job, shard: $0) } }
            guard !shards.isEmpty else { throw ShardMergeError.notAShardStore(path: path) }
            found += shards
        }
        return found
    }

    /// Shard jobs grouped by input (digest) and shard count, in the order first found.
    public static func grouping(_ stores: [ShardStore]) -> [ShardSet] {
        var sets: [ShardSet] = []
        for store in stores {
            let fingerprint = store.job.inputFingerprint ?? ""
            if let i = sets.firstIndex(where: { $0.fingerprint == fingerprint && $0.count == store.shard.count }) {
                sets[i].shards.append(store)
                sets[i].records = sets[i].records ?? store.job.inputRecords
            } else {
                sets.append(ShardSet(input: store.job.input, fingerprint: fingerprint, count: store.shard.count,
                                     records: store.job.inputRecords, shards: [store]))
            }
        }
        return sets.map { set in
            var set = set
            set.shards.sort { ($0.shard.index, $0.path) < ($1.shard.index, $1.path) }
            return set
        }
    }

    /// The one complete set the stores at `paths` hold: shards of one input, every index from 0
    /// to N-1 exactly once, each finished, agreeing on the input's record count. Otherwise the
    /// error names the stores, shards and jobs at fault.
    public static func complete(_ paths: [String]) throws -> ShardSet {
        let sets = grouping(try shardStores(in: paths))
        guard let set = sets.first else { throw ShardMergeError.noStores }
        guard sets.count == 1 else {
            throw ShardMergeError.differentInputs(sets.map { set in
                let first = set.shards[0]
                return "\(set.shards.map(\.path).joined(separator: ", ")): \(first.job.input) (\(set.fingerprint.isEmpty ? "no digest" : set.fingerprint)) in \(set.count) shards"
            })
        }
        for index in set.duplicated {
            throw ShardMergeError.duplicateShard(index: index, count: set.count, stores: set.shards.filter { $0.shard.index == index }.map(\.name))
        }
        guard set.missing.isEmpty else { throw ShardMergeError.missingShards(set.missing, count: set.count, input: set.input) }
        for shard in set.shards where shard.job.status != .finished || shard.job.pending > 0 || shard.job.inputRecords == nil {
            throw ShardMergeError.unfinished(shard: shard.name, status: shard.job.status.rawValue, pending: shard.job.pending)
        }
        let counts = Set(set.shards.compactMap(\.job.inputRecords))
        guard counts.count == 1, let records = counts.first else {
            throw ShardMergeError.differentInputs(set.shards.map { "\($0.name): \($0.job.inputRecords ?? 0) records" })
        }
        var complete = set
        complete.records = records
        return complete
    }
}
