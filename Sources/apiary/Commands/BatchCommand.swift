import Batch
import Foundation
import Store
import Swarm
import Synchronization
import Terminal

/// Set by the first SIGINT/SIGTERM; the runner stops after the tickets in flight.
let stopRequested = Atomic<Bool>(false)

/// The first Ctrl-C asks the job to stop after the tickets in flight; a second
/// exits at once. Either way the store keeps its exactly-once guarantee: exiting
/// at any instant is what a resume already survives after kill -9.
private func handleStopSignal(_: Int32) {
    if stopRequested.exchange(true, ordering: .relaxed) {
        _exit(130)
    }
    let message = "\nstopping after the tickets in flight (Ctrl-C again to exit at once)\n"
    _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}

/// `apiary batch SWARM FILE --out RESULTS` and `apiary batch --resume JOB`
enum BatchCommand: Command {
    static let name = "batch"
    static let summary = "Run the swarm over a helpdesk ticket export, resumably"
    static let help = """
    Usage: apiary batch SWARM FILE --out RESULTS [--db DB] [--job ID]
                        [--format F] [--id FIELD --text FIELD[,FIELD...]]
                        [--batch N] [--quiet] [--json]
           apiary batch --resume JOB [--db DB] [--quiet] [--json]

    Runs every ticket of FILE through the swarm as a job recorded in the
    SQLite store (--db, default apiary.db): tickets are routed, answered by
    their specialist in batches (N sequences per forward pass, the
    specialist's prompt computed once), audited and judged by the policy.
    Results go to RESULTS as JSON lines, or CSV when it ends in .csv; flagged
    answers are added to the review queue. A bad ticket (empty, invalid
    UTF-8, over 200 KB, no id, duplicate id) is reported with its id and
    reason and written as a "rejected" result; the job goes on.

    No ticket can stop the job: a ticket too long for a model's context is
    shortened (its head and tail kept, the cut marked) and flagged for review;
    a ticket whose answer fails for any other reason is written as "failed"
    with the reason and queued for review. Results are written in input order
    (each line carries its input "position"; a result waits at most for the
    rest of its round).

    Ctrl-C stops after the tickets in flight (one batch of answers); a second
    Ctrl-C exits at once. --resume JOB continues. Even after kill -9, a resume
    loses nothing and writes no ticket twice.

    Input formats (detected, or --format): csv, jsonl, json, zendesk, jira,
    freshdesk, github. --id and --text choose the id and text fields (several
    text fields are joined); otherwise the swarm file's [input] table, then
    the format's defaults.

    Options:
      --out RESULTS   results file (.jsonl or .csv)
      --db DB         job store and review queue (default apiary.db)
      --job ID        job id (default: job-<time>)
      --batch N       sequences per forward pass (default: 8 per core up
                      to 16; 4 with less than 4 GiB of memory)
      --quiet         no progress output
      --json          print the final summary as JSON

    Examples:
      apiary batch swarms/support.toml examples/tickets.csv --out results.jsonl
      apiary batch --resume job-20261125-0930
      apiary jobs
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let quiet = arguments.flag("--quiet")
        let json = arguments.flag("--json")
        let database = try arguments.option("--db") ?? "apiary.db"
        let resume = try arguments.option("--resume")
        let out = try arguments.option("--out")
        let jobOption = try arguments.option("--job")
        let format = try arguments.option("--format")
        let idField = try arguments.option("--id")
        let textFields = try arguments.option("--text").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let batchSize = try arguments.option("--batch", as: Int.self, expected: "a positive integer")
        let words = try arguments.positionals()
        if let batchSize, batchSize < 1 { throw CLIError.usage("--batch expects a positive integer") }
        if (idField == nil) != (textFields == nil) { throw CLIError.usage("--id and --text go together") }

        let store = try BatchJobStore(path: database)
        let queue = try ReviewQueue(database: store.database)
        let jobID: String
        let swarmPath: String
        if let resume {
            guard words.isEmpty, out == nil else { throw CLIError.usage("--resume takes only the job id (its swarm, input and output are recorded)") }
            jobID = resume
            swarmPath = try store.job(resume).swarm
        } else {
            guard words.count == 2 else { throw CLIError.usage("expected SWARM and FILE") }
            guard let out else { throw CLIError.usage("missing --out RESULTS") }
            swarmPath = words[0]
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            jobID = jobOption ?? "job-" + formatter.string(from: Date())
            let spec = try SwarmSpecLoader.load(path: swarmPath)
            let options = BatchOptions(batchSize: batchSize ?? BatchOptions.defaultBatchSize(), format: format ?? spec.input?.format,
                                       idField: idField ?? spec.input?.idField,
                                       textFields: textFields ?? spec.input.flatMap { $0.textFields.isEmpty ? nil : $0.textFields })
            let runtime = try SwarmLoading.load(spec: spec)
            let runner = BatchRunner(runtime: runtime, store: store, queue: queue)
            let job = try runner.create(id: jobID, swarmPath: swarmPath, input: words[1], output: out, options: options) { rejection in
                if !quiet { Output.error("rejected \(rejection)") }
            }
            if !quiet { Output.error("job \(job.id): \(job.total) tickets (\(job.rejected) rejected) from \(words[1]) → \(out)") }
            return try execute(runner: runner, jobID: jobID, quiet: quiet, json: json)
        }
        let runtime = try SwarmLoading.load(path: swarmPath)
        let runner = BatchRunner(runtime: runtime, store: store, queue: queue)
        return try execute(runner: runner, jobID: jobID, quiet: quiet, json: json)
    }

    private static func execute(runner: BatchRunner, jobID: String, quiet: Bool, json: Bool) throws -> Int32 {
        signal(SIGINT, handleStopSignal)
        signal(SIGTERM, handleStopSignal)
        let started = Date()
        let live = !quiet && isatty(STDERR_FILENO) != 0
        var lastLog = Date.distantPast
        let job = try runner.run(id: jobID, progress: { progress in
            guard !quiet else { return }
            if live {
                let bar = ProgressBar(total: progress.total, label: jobID)
                let width = Int(WindowSize.current().columns)
                let extra = String(format: "  %.0f tok/s  flagged %d  failed %d", Double(progress.tokens) / max(progress.elapsed, 0.001),
                                   progress.flagged, progress.failed)
                FileHandle.standardError.write(Data(("\r\u{1B}[2K" + bar.line(done: progress.done, elapsed: progress.elapsed, width: max(20, width - extra.count)) + extra).utf8))
            } else if Date().timeIntervalSince(lastLog) >= 5 || progress.done == progress.total {
                lastLog = Date()
                Output.error("\(jobID): \(progress.done)/\(progress.total) done, \(progress.flagged) flagged, \(progress.failed) failed, \(String(format: "%.1f", progress.elapsed)) s")
            }
        }, shouldStop: { stopRequested.load(ordering: .relaxed) })
        if live { FileHandle.standardError.write(Data("\n".utf8)) }
        let summary = BatchSummary(resultLines: try runner.store.results(job: jobID))
        let wall = Date().timeIntervalSince(started)
        if json {
            try Output.record(BatchReport(job: job, wallSeconds: wall, summary: summary))
        } else if !quiet {
            Output.line(summary.table(wallSeconds: wall))
        }
        if job.status == BatchJob.Status.interrupted {
            Output.error("stopped with \(job.pending) tickets left; continue with: apiary batch --resume \(jobID)")
            return 130
        }
        return 0
    }
}
