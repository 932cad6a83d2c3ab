import Batch
import Foundation
import Store
import Terminal

/// `apiary jobs [--db DB]... [--json] [DB...]`
enum JobsCommand: Command {
    static let name = "jobs"
    static let summary = "List batch jobs and their progress (also of a job split into shards)"
    static let help = """
    Usage: apiary jobs [--db DB]... [--json] [DB...]

    Lists the batch jobs in the store (newest first) with their status
    (created, running, interrupted, finished, failed), progress, rejected
    tickets, failed tickets (an error while answering them; the job went
    on), input and output. --json prints one object per job.

    Several stores (--db more than once, or as arguments: apiary jobs
    shards/*.db) are listed one after the other, and the shards among them
    (apiary batch … --shard K/N) are added up per input: how many of the N
    shards were found and finished, which are missing, and how many of the
    input's records are done. --json adds one object per input with
    "type": "shards" (jobs have "type": "job").
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let stores = try arguments.options("--db") + arguments.positionals()
        let paths = stores.isEmpty ? ["apiary.db"] : stores
        var shards: [ShardStore] = []
        for path in paths {
            // Read-only; a store an older version wrote is brought up to date first, as the dashboard does.
            let jobs = try BatchJobStore(database: Database.openStoreForReading(path: path)).jobs()
            for job in jobs {
                if let shard = job.shard { shards.append(ShardStore(path: path, job: job, shard: shard)) }
                if json {
                    try Output.json(["type": "job", "store": path, "id": job.id, "status": job.status.rawValue, "done": job.done,
                                     "total": job.total, "rejected": job.rejected, "failed": job.failed, "swarm": job.swarm,
                                     "input": job.input, "output": job.output, "shard": job.shard.map(\.description) ?? NSNull(),
                                     "created_at": job.createdAt.timeIntervalSince1970, "updated_at": job.updatedAt.timeIntervalSince1970])
                } else {
                    let percent = job.total == 0 ? 100 : job.done * 100 / job.total
                    let store = paths.count > 1 ? "\(path): " : ""
                    let shard = job.shard.map { "  shard \($0)" } ?? ""
                    Output.line(TextLayout.sanitize("\(store)\(job.id)  \(job.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(job.done)/\(job.total) (\(percent)%)  rejected \(job.rejected)  failed \(job.failed)  \(job.input) → \(job.output)\(shard)"))
                }
            }
            if jobs.isEmpty, !json { Output.line("no batch jobs in \(path)") }
        }
        for set in ShardSet.grouping(shards) {
            try show(set, json: json)
        }
        return 0
    }

    /// One input's shards together: the progress of the whole.
    private static func show(_ set: ShardSet, json: Bool) throws {
        let missing = set.missing
        if json {
            try Output.json(["type": "shards", "input": set.input, "fingerprint": set.fingerprint, "shards": set.count,
                             "found": set.shards.map(\.shard.index), "finished": set.finishedShards, "missing": missing,
                             "duplicated": set.duplicated, "records": set.records ?? NSNull(), "done": set.done,
                             "registered": set.registered, "rejected": set.rejected, "failed": set.failed])
            return
        }
        var line = "\(set.input) in \(set.count) shards: \(set.finishedShards) of \(set.count) finished"
        if !missing.isEmpty { line += ", missing \(missing.map { "\($0)/\(set.count)" }.joined(separator: ", "))" }
        if !set.duplicated.isEmpty { line += ", found twice \(set.duplicated.map { "\($0)/\(set.count)" }.joined(separator: ", "))" }
        if let records = set.records {
            let percent = records == 0 ? 100 : set.done * 100 / records
            line += "; \(set.done)/\(records) records done (\(percent)%)"
        } else {
            line += "; \(set.done) records done (input still being registered)"
        }
        line += "  rejected \(set.rejected)  failed \(set.failed)"
        Output.line(TextLayout.sanitize(line))
    }
}
