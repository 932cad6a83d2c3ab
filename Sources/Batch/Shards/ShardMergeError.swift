/// Why `apiary batch merge` wrote nothing.
public enum ShardMergeError: Error, Equatable, CustomStringConvertible {
    /// One input record's trouble, found while checking the shards' items.
    public struct TicketProblem: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// No shard holds the record.
            case missing
            /// More than one shard holds it (the shards named).
            case duplicated([String])
            /// A shard holds a record that hashes to another shard.
            case wrongShard(holder: String, belongsTo: Int)
            /// Found at a position past the input's end.
            case outOfRange(holder: String, records: Int)
        }

        /// The ticket id (or rejected record's key); nil when no store has it and the input
        /// could not be read to name it.
        public var ticket: String?
        public var position: Int
        public var kind: Kind

        public var description: String {
            let what = "ticket \(ticket.map { "'\($0)'" } ?? "(id unknown)") at input position \(position)"
            switch kind {
            case .missing: return "\(what) is in no shard"
            case .duplicated(let holders): return "\(what) is in \(holders.joined(separator: " and "))"
            case .wrongShard(let holder, let shard): return "\(what) is in \(holder) but hashes to shard \(shard)"
            case .outOfRange(let holder, let records): return "\(what) is in \(holder) but the input has \(records) records"
            }
        }
    }

    case noStores
    case notAShardStore(path: String)
    case differentInputs([String])
    case duplicateShard(index: Int, count: Int, stores: [String])
    case missingShards([Int], count: Int, input: String)
    case unfinished(shard: String, status: String, pending: Int)
    case tickets([TicketProblem], total: Int)
    /// A shard store changed between checking and writing.
    case changedDuringMerge(store: String, position: Int)
    case outputRefused(path: String, reason: String)
    case queueIsAShardStore(path: String, shard: String)

    /// True when the shards may yet be complete (one missing, one unfinished): a merge that
    /// waits for them tries again later (`apiary batch merge` exits 75, EX_TEMPFAIL).
    public var isIncompleteShards: Bool {
        switch self {
        case .missingShards, .unfinished: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .noStores:
            return "no shard stores given"
        case .notAShardStore(let path):
            return "\(path) holds no shard job (run apiary batch SWARM FILE --shard K/N --db \(path))"
        case .differentInputs(let sets):
            return "the stores hold shards of different inputs:\n  " + sets.joined(separator: "\n  ")
        case .duplicateShard(let index, let count, let stores):
            return "shard \(index)/\(count) is there more than once: \(stores.joined(separator: "; "))"
        case .missingShards(let missing, let count, let input):
            let list = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            return "\(input): missing shard\(missing.count == 1 ? "" : "s") \(list) (give every shard's store)"
        case .unfinished(let shard, let status, let pending):
            return "\(shard) is not finished (\(status), \(pending) ticket\(pending == 1 ? "" : "s") pending); run its command again to finish it"
        case .tickets(let problems, let total):
            let more = total > problems.count ? "\n  … and \(total - problems.count) more" : ""
            return "\(total) input record\(total == 1 ? " is" : "s are") not in exactly one shard:\n  "
                + problems.map(\.description).joined(separator: "\n  ") + more
        case .changedDuringMerge(let store, let position):
            return "\(store) changed while merging (at input position \(position)); nothing was written, merge again"
        case .outputRefused(let path, let reason):
            return "refusing to write results to \(path): \(reason)"
        case .queueIsAShardStore(let path, let shard):
            return "--queue-db \(path) is the store of \(shard); give the deployment's review database (default apiary.db)"
        }
    }
}
