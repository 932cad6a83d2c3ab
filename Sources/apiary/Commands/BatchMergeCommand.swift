import Batch
import Foundation
import Store
import Terminal

/// `apiary batch merge --out RESULTS [--queue-db DB] SHARD_DB...` (dispatched by `BatchCommand`).
enum BatchMergeCommand {
    static let help = """
    Usage: apiary batch merge --out RESULTS [--queue-db DB] [--json] SHARD_DB...

    Puts the finished shards of one input (apiary batch … --shard K/N) back
    together: reads each shard's store, checks that all N shards are there,
    finished, of the same input (its digest), and that every record of the
    input is in exactly one shard; then writes every result to RESULTS in
    input order (JSON lines, or CSV when it ends in .csv) and adds the
    flagged and failed ones to the review queue in --queue-db (default
    apiary.db), each once. A missing shard, a missing or duplicated ticket,
    or shards of different inputs are named, and nothing is written: exit 75
    (EX_TEMPFAIL: try again later) when a shard is missing or unfinished,
    else 1. RESULTS is written whole or not at all; merging again is
    harmless.

    Example (N = 3):
      apiary batch merge --out results.jsonl shard-0.db shard-1.db shard-2.db
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let out = try arguments.option("--out")
        let queuePath = try arguments.option("--queue-db") ?? "apiary.db"
        let stores = try arguments.positionals()
        guard let out else { throw CLIError.usage("batch merge: missing --out RESULTS") }
        guard !stores.isEmpty else { throw CLIError.usage("batch merge: give the shards' stores (SHARD_DB...)") }
        let started = Date()
        let merge: ShardMerge
        do {
            merge = try ShardMerge(stores: stores)
        } catch let error as ShardMergeError where error.isIncompleteShards {
            Output.error(TextLayout.sanitize("apiary batch: error: \(error)"))
            return 75
        }
        let outcome = try merge.write(output: out, queuePath: queuePath)
        let wall = Date().timeIntervalSince(started)
        if json {
            try Output.json(["results": out, "queue_db": queuePath, "input": merge.set.input, "shards": outcome.shards,
                             "records": outcome.records, "verdicts": outcome.verdicts, "queued": outcome.queued,
                             "already_queued": outcome.alreadyQueued, "wall_seconds": wall])
        } else {
            let verdicts = outcome.verdicts.keys.sorted().map { "\($0) \(outcome.verdicts[$0] ?? 0)" }.joined(separator: ", ")
            Output.line(TextLayout.sanitize("merged \(outcome.shards) shards of \(merge.set.input): \(outcome.records) results → \(out) (\(verdicts)); "
                                            + "\(outcome.queued) queued for review in \(queuePath)"
                                            + (outcome.alreadyQueued > 0 ? ", \(outcome.alreadyQueued) already there" : "")))
        }
        return 0
    }
}
