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
                        [--shard K/N] [--format F] [--id FIELD --text FIELD[,FIELD...]]
                        [--batch N] [--include-pull-requests] [--quiet] [--json]
           apiary batch --resume JOB [--db DB] [--quiet] [--json]
           apiary batch merge --out RESULTS [--queue-db DB] SHARD_DB...

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

    Shards: --shard K/N (K from 0 to N-1) takes only the records whose id
    hashes to K: the high 64 bits of FNV-1a-64(id as UTF-8) x N (a rejected
    record without an id hashes "@line" and its line). Independent of file
    order and of the machine; every shard reads the whole file. Give each
    shard its own --out and --db. The same command again continues the
    shard's job (default id <file name>-shard-K-of-N) where it stopped, or
    exits 0 when it is finished: a requeued or retried cluster task just
    reruns it. `apiary batch merge` puts the shards together (below).

    Input formats (detected, or --format): csv, jsonl, json, zendesk, jira,
    freshdesk, github. Which fields hold a ticket's id and text, first match
    wins: --id and --text (several text fields are joined); the swarm file's
    [input] table, for generic csv/json/jsonl files (or for the format its
    `format` key names); a helpdesk export's own fields (Zendesk id, subject +
    description; Jira Issue key, Summary + Description; Freshdesk Ticket ID,
    Subject + Description; GitHub number, title + body); else a guess from the
    column names. The first line printed says which was used and why. GitHub
    pull requests (items with a pull_request object) are skipped and counted
    unless --include-pull-requests.

    Options:
      --out RESULTS   results file (.jsonl or .csv)
      --db DB         job store and review queue (default apiary.db)
      --job ID        job id (default: job-<time>; with --shard,
                      <file name>-shard-K-of-N)
      --shard K/N     run shard K of N (see Shards above)
      --batch N       sequences per forward pass (default: 8 per core up
                      to 16; 4 with less than 4 GiB of memory)
      --include-pull-requests
                      GitHub: keep pull requests as tickets
      --quiet         no progress output
      --json          print the final summary as JSON

    Examples:
      apiary batch swarms/support.toml examples/tickets.csv --out results.jsonl
      apiary batch --resume job-20261125-0930
      apiary jobs
      apiary batch swarms/support.toml tickets.csv --shard 0/4 --out shard-0.jsonl --db shard-0.db

    """ + "\n" + BatchMergeCommand.help

    /// The most sequences one forward pass may decode together (each holds a KV cache).
    static let maximumBatch = 256

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        if arguments.leadingWord("merge") { return try BatchMergeCommand.run(&arguments) }
        let quiet = arguments.flag("--quiet")
        let json = arguments.flag("--json")
        let includePullRequests = arguments.flag("--include-pull-requests")
        let database = try arguments.option("--db") ?? "apiary.db"
        let resume = try arguments.option("--resume")
        let out = try arguments.option("--out")
        let jobOption = try arguments.option("--job")
        let format = try arguments.option("--format")
        let idField = try arguments.option("--id")
        let textFields = try arguments.option("--text").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let batchSize = try arguments.option("--batch", as: Int.self, in: 1...maximumBatch,
                                             expected: "an integer from 1 to \(maximumBatch)")
        let shard = try arguments.option("--shard").map { text in
            do { return try BatchShard(parsing: text) } catch { throw CLIError.usage("--shard: \(error)") }
        }
        let words = try arguments.positionals()
        if (idField == nil) != (textFields == nil) { throw CLIError.usage("--id and --text go together") }
        // Results appended to the live database (or any SQLite file) would destroy it.
        if let out, let hazard = DatabaseFiles.overwriteHazard(output: out, database: database) {
            throw CLIError.failed("refusing to write results to \(out): \(hazard)")
        }

        // A new job creates the database; a resume needs the one that holds the job.
        let store = try BatchJobStore(path: database, access: resume == nil ? .create : .readWrite)
        let queue = try ReviewQueue(database: store.database)
        let jobID: String
        let swarmPath: String
        if let resume {
            guard words.isEmpty, out == nil, !includePullRequests, shard == nil else {
                throw CLIError.usage("--resume takes only the job id (its swarm, input, output and shard are recorded)")
            }
            jobID = resume
            swarmPath = try store.job(resume).swarm
        } else {
            guard words.count == 2 else { throw CLIError.usage("expected SWARM and FILE") }
            guard let out else { throw CLIError.usage("missing --out RESULTS") }
            swarmPath = words[0]
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            jobID = jobOption ?? shard.map { BatchRunner.shardJobID(input: words[1], shard: $0) } ?? "job-" + formatter.string(from: Date())
            let spec = try SwarmSpecLoader.load(path: swarmPath)
            // The fields are settled here, once, and recorded with the job: a resume reads the same way.
            let plan = try TicketReader(path: words[1], options: readingOptions(format: format, idField: idField,
                                                                                 textFields: textFields, input: spec.input))
            if !quiet { Output.error(TextLayout.sanitize(plan.mappingExplanation)) }
            let options = BatchOptions(batchSize: batchSize ?? BatchOptions.defaultBatchSize(), format: plan.format.rawValue,
                                       idField: plan.mapping?.idField, textFields: plan.mapping?.textFields,
                                       includePullRequests: includePullRequests)
            let runtime = try SwarmLoading.load(spec: spec)
            let runner = BatchRunner(runtime: runtime, store: store, queue: queue)
            let onRejected = { (rejection: TicketRejection) in
                if !quiet { Output.error(TextLayout.sanitize("rejected \(rejection)")) }
            }
            let onSkipped = { (count: Int) in
                if !quiet {
                    Output.error("skipped \(count) pull request\(count == 1 ? "" : "s") (only issues are tickets; "
                                 + "--include-pull-requests keeps them)")
                }
            }
            let job: BatchJob
            if let shard {
                switch try runner.prepareShard(id: jobID, swarmPath: swarmPath, input: words[1], output: out, options: options, shard: shard,
                                               onRejected: onRejected, onSkippedPullRequests: onSkipped) {
                case .created(let created):
                    job = created
                case .resumed(let resumed):
                    if !quiet { Output.error(TextLayout.sanitize("job \(jobID) (shard \(shard)): continuing, \(resumed.done)/\(resumed.total) done")) }
                    return try execute(runner: runner, jobID: jobID, quiet: quiet, json: json)
                case .finished(let finished):
                    if !quiet { Output.error(TextLayout.sanitize("job \(jobID) (shard \(shard)) is already finished: \(finished.done)/\(finished.total) done")) }
                    return 0
                }
            } else {
                job = try runner.create(id: jobID, swarmPath: swarmPath, input: words[1], output: out, options: options,
                                        onRejected: onRejected, onSkippedPullRequests: onSkipped)
            }
            let part = shard.map { " (shard \($0))" } ?? ""
            if !quiet { Output.error(TextLayout.sanitize("job \(job.id)\(part): \(job.total) tickets (\(job.rejected) rejected) from \(words[1]) → \(out)")) }
            return try execute(runner: runner, jobID: jobID, quiet: quiet, json: json)
        }
        let runtime = try SwarmLoading.load(path: swarmPath)
        let runner = BatchRunner(runtime: runtime, store: store, queue: queue)
        return try execute(runner: runner, jobID: jobID, quiet: quiet, json: json)
    }

    /// How to read the export: `--format` or detection; `--id`/`--text` win over the swarm's
    /// `[input]` fields, which apply to generic files (or to the format `[input] format` names).
    static func readingOptions(format: String?, idField: String?, textFields: [String]?,
                               input: InputMappingSpec?) throws -> TicketReader.Options {
        let explicit = idField.flatMap { id in textFields.map { TicketFieldMapping(idField: id, textFields: $0) } }
        let swarm = try SwarmInputMapping(input)
        // `[input] format` says which files the table is for; only --format forces how a file is read.
        return TicketReader.Options(format: try format.map { try TicketFormat(argument: $0) }, mapping: explicit, swarmInput: swarm)
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
            try Output.record(BatchReport(job: job, wallSeconds: wall, summary: summary, prefixReuse: runner.runtime.promptPrefixReuse))
        } else if !quiet {
            Output.line(summary.table(wallSeconds: wall, prefixReuse: runner.runtime.promptPrefixReuse))
        }
        if job.status == BatchJob.Status.interrupted {
            Output.error("stopped with \(job.pending) tickets left; continue with: apiary batch --resume \(jobID)")
            return 130
        }
        return 0
    }
}
