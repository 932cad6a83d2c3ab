import Foundation
import Store

/// `apiary jobs [--json] [--db DB]`
enum JobsCommand: Command {
    static let name = "jobs"
    static let summary = "List batch jobs and their progress"
    static let help = """
    Usage: apiary jobs [--db DB] [--json]

    Lists the batch jobs in the store (newest first) with their status
    (created, running, interrupted, finished, failed), progress, rejected
    tickets, failed tickets (an error while answering them; the job went
    on), input and output. --json prints one object per job.
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let database = try arguments.option("--db") ?? "apiary.db"
        try arguments.finish()
        let jobs = try BatchJobStore(path: database).jobs()
        for job in jobs {
            if json {
                try Output.json(["id": job.id, "status": job.status.rawValue, "done": job.done, "total": job.total,
                                 "rejected": job.rejected, "failed": job.failed, "swarm": job.swarm, "input": job.input, "output": job.output,
                                 "created_at": job.createdAt.timeIntervalSince1970, "updated_at": job.updatedAt.timeIntervalSince1970])
            } else {
                let percent = job.total == 0 ? 100 : job.done * 100 / job.total
                Output.line("\(job.id)  \(job.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(job.done)/\(job.total) (\(percent)%)  rejected \(job.rejected)  failed \(job.failed)  \(job.input) → \(job.output)")
            }
        }
        if jobs.isEmpty, !json { Output.line("no batch jobs in \(database)") }
        return 0
    }
}
