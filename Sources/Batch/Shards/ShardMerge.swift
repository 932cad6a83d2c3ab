import Foundation
import Store

/// `apiary batch merge`: the finished shards of one input put back together, exactly once.
///
/// First everything is checked, writing nothing: the set of shards (`ShardSet.complete`), then
/// every item of every shard — each input position from 1 to the input's record count held by
/// exactly one shard, each record in the shard its key hashes to. Only then are the stores'
/// result lines written in input order to a temporary file beside `output`, which is renamed
/// over it when complete, and the flagged and failed results are added to the review queue
/// (once each, by job and ticket: merging again adds nothing). A killed merge leaves no partial
/// results file; merging again finishes it.
public struct ShardMerge {
    /// What a merge did.
    public struct Outcome: Sendable, Equatable {
        public var shards: Int
        public var records: Int
        /// Results per verdict.
        public var verdicts: [String: Int]
        /// Flagged and failed results added to the review queue, and those already there.
        public var queued: Int
        public var alreadyQueued: Int
    }

    /// The most ticket problems an error lists (it counts them all).
    static let listedProblems = 20

    public let set: ShardSet

    /// Checks the shards in the stores at `paths`; throws `ShardMergeError` naming what is wrong.
    public init(stores paths: [String]) throws {
        set = try ShardSet.complete(paths)
        owners = try Self.owners(of: set)
    }

    /// Which shard (index into `set.shards`) holds each input position (index 0 unused).
    private let owners: [Int32]

    /// Pass one: every position once, every record in its own shard.
    private static func owners(of set: ShardSet) throws -> [Int32] {
        let records = set.records ?? 0
        var owners = [Int32](repeating: -1, count: records + 1)
        var problems: [ShardMergeError.TicketProblem] = []
        var total = 0
        func note(_ problem: ShardMergeError.TicketProblem) {
            total += 1
            if problems.count < listedProblems { problems.append(problem) }
        }
        for (index, shard) in set.shards.enumerated() {
            let store = try BatchJobStore(database: Database.openStoreForReading(path: shard.path))
            let cursor = try store.items(job: shard.job.id, withResults: false)
            while let item = try cursor.next() {
                let key = ShardKey.key(of: item)
                guard (1...max(1, records)).contains(item.position), records > 0 else {
                    note(.init(ticket: key, position: item.position, kind: .outOfRange(holder: shard.name, records: records)))
                    continue
                }
                if owners[item.position] >= 0 {
                    let first = set.shards[Int(owners[item.position])]
                    note(.init(ticket: key, position: item.position, kind: .duplicated([first.name, shard.name])))
                    continue
                }
                owners[item.position] = Int32(index)
                let belongs = ShardKey.shard(of: key, count: set.count)
                if belongs != shard.shard.index {
                    note(.init(ticket: key, position: item.position, kind: .wrongShard(holder: shard.name, belongsTo: belongs)))
                }
            }
        }
        let missing = (1...max(1, records)).filter { records > 0 && owners[$0] < 0 }
        if !missing.isEmpty {
            let names = Self.ticketKeys(at: Set(missing.prefix(listedProblems)), of: set)
            for position in missing { note(.init(ticket: names[position], position: position, kind: .missing)) }
        }
        guard total == 0 else { throw ShardMergeError.tickets(problems, total: total) }
        return owners
    }

    /// The keys of the records at `positions`, read from the input when it is still there
    /// unchanged (to name missing tickets); empty otherwise.
    private static func ticketKeys(at positions: Set<Int>, of set: ShardSet) -> [Int: String] {
        guard let job = set.shards.first?.job, !positions.isEmpty,
              (try? InputFingerprint.of(path: job.input)) == set.fingerprint,
              let options = try? JSONDecoder().decode(BatchOptions.self, from: Data(job.options.utf8)),
              let reader = try? BatchRunner.reader(job.input, options) else { return [:] }
        var names: [Int: String] = [:]
        for (position, item) in zip(1..., reader) where positions.contains(position) {
            names[position] = ShardKey.key(of: item)
            if names.count == positions.count { break }
        }
        return names
    }

    /// Pass two: writes the results file and fills the review queue in the store at `queuePath`
    /// (created when missing). `output` must not be a store or a shard's own results file, and
    /// the queue must not be a shard's store (its items are read while the queue is written).
    public func write(output: String, queuePath: String) throws -> Outcome {
        for shard in set.shards where Self.sameFile(shard.path, queuePath) {
            throw ShardMergeError.queueIsAShardStore(path: queuePath, shard: shard.name)
        }
        for shard in set.shards {
            if let hazard = DatabaseFiles.overwriteHazard(output: output, database: shard.path) {
                throw ShardMergeError.outputRefused(path: output, reason: hazard)
            }
            if Self.sameFile(output, shard.job.output) {
                throw ShardMergeError.outputRefused(path: output, reason: "it is the results file of \(shard.name)")
            }
        }
        if let hazard = DatabaseFiles.overwriteHazard(output: output, database: queuePath) {
            throw ShardMergeError.outputRefused(path: output, reason: hazard)
        }
        let queue = try ReviewQueue(path: queuePath, access: .create)
        let cursors = try set.shards.map { shard in
            try BatchJobStore(database: Database.openStoreForReading(path: shard.path)).items(job: shard.job.id, withResults: true)
        }
        let temporary = output + ".merging-\(getpid())"
        let writer = try MergedResultsWriter(path: temporary, final: output)
        var outcome = Outcome(shards: set.count, records: 0, verdicts: [:], queued: 0, alreadyQueued: 0)
        var review: [NewReviewItem] = []
        func flushReview() throws {
            guard !review.isEmpty else { return }
            try queue.database.transaction {
                for item in review {
                    switch try queue.enqueue(item) {
                    case .added: outcome.queued += 1
                    case .duplicate: outcome.alreadyQueued += 1
                    }
                }
            }
            review.removeAll()
        }
        do {
            for position in 1..<owners.count {
                let owner = Int(owners[position])
                guard let item = try cursors[owner].next(), item.position == position, let line = item.result else {
                    throw ShardMergeError.changedDuringMerge(store: set.shards[owner].path, position: position)
                }
                try writer.append(line)
                outcome.records += 1
                let verdict = item.verdict ?? "unknown"
                outcome.verdicts[verdict, default: 0] += 1
                if verdict == ResultRecord.Verdict.flagged.rawValue || verdict == ResultRecord.Verdict.failed.rawValue {
                    review.append(try NewReviewItem(RecordJSON.decode(ResultRecord.self, from: line)))
                    if review.count >= 500 { try flushReview() }
                }
            }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
        try flushReview()
        return outcome
    }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
            == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
