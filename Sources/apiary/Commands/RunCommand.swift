import Batch
import Foundation
import Store
import Swarm

/// `apiary run SWARM [TEXT | -] [--json]`
enum RunCommand: Command {
    static let name = "run"
    static let summary = "Answer a request with the swarm: route, answer, audit, verdict"
    static let help = """
    Usage: apiary run SWARM [TEXT | -] [--json] [--id ID] [--db DB] [--no-queue]

    Runs one request through the swarm in SWARM: the policy redacts personal
    data, the router picks a domain, its specialist answers (streamed as a
    draft), the auditor scores the answer and the policy decides the verdict:
    accepted, flagged (queued for human review) or blocked. With '-' or no
    TEXT the request is read from standard input (all of it, one request).

    Options:
      --json        print the whole result as one JSON object (route, answer,
                    audit, verdict, reasons, trace) instead of streaming
      --id ID       the request's id (default: a fresh one); it fixes the
                    policy's spot-check draw and keys the review queue
      --db DB       review queue database for flagged results (default apiary.db)
      --no-queue    do not enqueue flagged results

    Exit status: 0 when the request was handled (whatever the verdict), 1 on
    errors.

    Examples:
      apiary run swarms/support.toml "I was charged twice for order 1042"
      echo "my parcel never came" | apiary run swarms/support.toml - --json
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let noQueue = arguments.flag("--no-queue")
        let database = try arguments.option("--db") ?? "apiary.db"
        let id = try arguments.option("--id") ?? "run-" + String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36)
            + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let words = try arguments.positionals()
        guard let path = words.first else { throw CLIError.usage("missing SWARM file") }
        guard words.count <= 2 else { throw CLIError.usage("expected SWARM and at most one TEXT (quote it)") }
        let text = words.count == 2 && words[1] != "-"
            ? words[1]
            : String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)

        let runtime = try SwarmLoading.load(path: path)
        var streaming = false
        let result = try runtime.run(SwarmRequest(id: id, text: text)) { piece in
            guard !json else { return }
            if !streaming {
                Output.line("── answer (draft until audited) ──")
                streaming = true
            }
            Output.write(piece)
        }
        let record = ResultRecord(result)
        var queued: Int64?
        if record.verdict == .flagged || record.verdict == .failed, !noQueue {
            queued = try enqueue(record, database: database)
        }
        if json {
            try Output.record(record)
            if let queued { Output.error("queued review item \(queued) in \(database)") }
            return 0
        }
        if streaming { Output.line() }
        if let route = result.route {
            Output.line("route     \(route.domain ?? "out of scope (\(route.action.rawValue))")  confidence \(String(format: "%.2f", route.confidence))  by \(route.strategy)")
        }
        if !streaming, let answer = result.answer { Output.line("answer    \(answer)") }
        if let audit = result.audit { Output.line("audit     \(String(format: "%.2f", audit.score)) (\(audit.method))") }
        Output.line("verdict   \(result.verdict.name)")
        for reason in result.verdict.reasons { Output.line("  - \(reason.message)") }
        if let queued { Output.line("queued    review item \(queued) in \(database)") }
        return 0
    }

    /// Puts a flagged or failed result in the review queue (the review item `queue import`
    /// makes of the same record).
    static func enqueue(_ record: ResultRecord, database: String) throws -> Int64 {
        switch try ReviewQueue(path: database).enqueue(NewReviewItem(record)) {
        case .added(let id), .duplicate(let id): return id
        }
    }
}
