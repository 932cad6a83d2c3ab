import Foundation
import Store
import Terminal

/// `apiary queue …`: the review queue without a user interface, for scripts.
enum QueueCommand: Command {
    static let name = "queue"
    static let summary = "Work the review queue from scripts (import, list, claim, approve, export, stats)"
    static let help = """
    Usage:
      apiary queue import FILE.jsonl [--flagged-only] [--db DB]
      apiary queue list [--status S[,S…]] [--domain D] [--json] [--db DB]
      apiary queue show ID [--json] [--db DB]
      apiary queue claim [--reviewer NAME] [--lease SECONDS] [--domain D] [--json] [--db DB]
      apiary queue approve ID [--reviewer NAME] [--db DB]
      apiary queue reject ID --reason TEXT [--reviewer NAME] [--db DB]
      apiary queue edit ID [--reviewer NAME] [--lease SECONDS] [--db DB]
      apiary queue release ID [--reviewer NAME] [--db DB]
      apiary queue export --format jsonl|csv|sft|examples [--status S[,S…]] [--out FILE] [--system TEXT] [--db DB]
      apiary queue stats [--json] [--db DB]

    Flagged answers wait in the review queue until a person approves, rejects or
    corrects them. Items move pending → claimed → approved | rejected | edited;
    a claim is a lease that expires, so a crashed reviewer's item returns to the
    queue. Every claim, release and decision is appended to a decision log, and
    nothing is ever deleted. `apiary review` is the full-screen front end.

    Subcommands:
      import FILE   enqueue the JSON lines written by `apiary run --json` and
                    `apiary batch`, or minimal lines {"id","request","answer",
                    "domain"?,"score"?,"reasons"?}. The same (job, ticket) is
                    queued once. Bad lines are reported as FILE:LINE and skipped.
      list          items in claim order (priority, then age).
      show ID       one item with its route, audit, reasons and decision log.
      claim         claim the next item and print it (exit status 3 when none
                    is claimable).
      approve ID    approve the answer as it is.
      reject ID     reject the answer; --reason is required.
      edit ID       open the answer in $EDITOR, then approve the edited text
                    (an unchanged answer is approved as it is).
      release ID    give a claimed item back to the queue undecided.
      export        decisions as JSONL or CSV (RFC 4180); `sft` writes approved
                    and edited answers as chat JSONL {"messages":[system, user,
                    assistant]} for fine-tuning the specialists; `examples`
                    writes a labelled examples file (CSV id,text,domain,split)
                    of approved and edited tickets with their domain, and of
                    every ticket whose domain a reviewer corrected (review,
                    key d) with the corrected one — name it in a swarm's
                    `examples`, or measure it with `apiary eval`.
      stats         counts by status and domain, approval rates per domain,
                    specialist and reviewer, median time to decision, and the
                    database's journal mode.

    approve, reject, edit and release act on an item this reviewer holds; a
    pending item (or one whose lease expired) is claimed and decided in one step.

    Options:
      --db DB            database file (default ./apiary.db; created mode 0600)
      --reviewer NAME    who decides (default $USER)
      --lease SECONDS    how long a claim lasts (default 900; edit: 3600, the
                         time allowed in the editor)
      --status S[,S…]    pending, claimed, approved, rejected, edited
      --domain D         only items routed to domain D
      --reason TEXT      why the answer is rejected
      --format F         jsonl, csv, sft or examples
      --out FILE         write the export to FILE instead of standard output
      --system TEXT      sft: system prompt for items that record none
      --flagged-only     import: skip results whose verdict is not "flagged" or "failed"
      --json             machine-readable output, one JSON object per line

    Exit status: 0 success; 1 error (a refused decision, an unreadable file,
    or an import with invalid lines — the valid ones are still imported);
    2 usage; 3 nothing to claim.

    Examples:
      apiary run swarms/support.toml --json "Where is my parcel?" >> flagged.jsonl
      apiary queue import flagged.jsonl
      apiary queue list --status pending --domain billing
      apiary queue claim --reviewer ana --json
      apiary queue reject 12 --reason "cites the wrong refund policy"
      EDITOR=nano apiary queue edit 13
      apiary queue export --format sft --out billing-sft.jsonl
      apiary queue stats --json
    """

    /// Every option the subcommands take, parsed once; `allowed` says which one may use which.
    private struct Options {
        var db = "apiary.db"
        var reviewer: String?
        var lease: Double?
        var statuses: [ReviewStatus] = []
        var domain: String?
        var reason: String?
        var format: ExportFormat?
        var out: String?
        var system: String?
        var json = false
        var flaggedOnly = false
        var given: Set<String> = []
    }

    private static let allowed: [String: Set<String>] = [
        "import": ["--db", "--flagged-only"],
        "list": ["--db", "--status", "--domain", "--json"],
        "show": ["--db", "--json"],
        "claim": ["--db", "--reviewer", "--lease", "--domain", "--json"],
        "approve": ["--db", "--reviewer"],
        "reject": ["--db", "--reviewer", "--reason"],
        "edit": ["--db", "--reviewer", "--lease"],
        "release": ["--db", "--reviewer"],
        "export": ["--db", "--format", "--status", "--out", "--system"],
        "stats": ["--db", "--json"],
    ]

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        var options = try parseOptions(&arguments)
        var words = try arguments.positionals()
        try arguments.finish()
        guard !words.isEmpty else { throw CLIError.usage("missing subcommand (import, list, show, claim, approve, reject, edit, release, export, stats)") }
        let subcommand = words.removeFirst()
        guard let permitted = allowed[subcommand] else { throw CLIError.usage("unknown subcommand '\(subcommand)'") }
        if let stray = options.given.subtracting(permitted).sorted().first {
            throw CLIError.usage("option \(stray) does not apply to 'queue \(subcommand)'")
        }
        options.reviewer = try checkedReviewer(options.reviewer)
        // The command line is checked completely before the database is opened (and maybe created).
        let id = ["show", "approve", "reject", "edit", "release"].contains(subcommand) ? try itemID(words) : 0
        if ["list", "claim", "export", "stats"].contains(subcommand), let extra = words.first {
            throw CLIError.usage("unexpected argument '\(extra)'")
        }
        if subcommand == "import" { _ = try exactlyOne(words, "FILE.jsonl") }
        if subcommand == "reject" && options.reason == nil { throw CLIError.usage("queue reject needs --reason TEXT") }
        if subcommand == "export" && options.format == nil { throw CLIError.usage("queue export needs --format jsonl|csv|sft|examples") }
        if subcommand == "export", let out = options.out, let hazard = DatabaseFiles.overwriteHazard(output: out, database: options.db) {
            throw CLIError.failed("refusing to write the export to \(out): \(hazard)")
        }

        let queue = try ReviewQueue(path: options.db, access: access(for: subcommand))
        for warning in queue.database.warnings { Output.error(warning) }

        switch subcommand {
        case "import": return try importFile(words[0], options, queue)
        case "list": return try list(options, queue)
        case "show": return try show(id, options, queue)
        case "claim": return try claim(options, queue)
        case "approve": return try decide(id, .approve, options, queue)
        case "reject": return try decide(id, .reject(reason: options.reason ?? ""), options, queue)
        case "edit": return try edit(id, options, queue)
        case "release": return try decide(id, .release, options, queue)
        case "export": return try export(options, queue)
        default: return try stats(options, queue)
        }
    }

    private static func parseOptions(_ arguments: inout ArgumentList) throws -> Options {
        var options = Options()
        func note(_ name: String, _ present: Bool) { if present { options.given.insert(name) } }
        if let db = try arguments.option("--db") { options.db = db; note("--db", true) }
        options.reviewer = try arguments.option("--reviewer")
        note("--reviewer", options.reviewer != nil)
        options.lease = try leaseOption(&arguments)
        note("--lease", options.lease != nil)
        if let statuses = try arguments.option("--status") {
            note("--status", true)
            options.statuses = try statuses.split(separator: ",").map { word in
                guard let status = ReviewStatus(rawValue: word.trimmingCharacters(in: .whitespaces)) else {
                    throw CLIError.usage("option --status expects pending, claimed, approved, rejected or edited, got '\(word)'")
                }
                return status
            }
        }
        options.domain = try arguments.option("--domain")
        note("--domain", options.domain != nil)
        options.reason = try arguments.option("--reason")
        note("--reason", options.reason != nil)
        if let format = try arguments.option("--format") {
            note("--format", true)
            guard let parsed = ExportFormat(rawValue: format) else {
                throw CLIError.usage("option --format expects jsonl, csv, sft or examples, got '\(format)'")
            }
            options.format = parsed
        }
        options.out = try arguments.option("--out")
        note("--out", options.out != nil)
        options.system = try arguments.option("--system")
        note("--system", options.system != nil)
        options.json = arguments.flag("--json")
        note("--json", options.json)
        options.flaggedOnly = arguments.flag("--flagged-only")
        note("--flagged-only", options.flaggedOnly)
        return options
    }

    /// Only `import` creates a database; commands that decide need one that exists, and commands
    /// that read open it read-only (so a read-only file can still be listed).
    private static func access(for subcommand: String) -> DatabaseAccess {
        switch subcommand {
        case "import": return .create
        case "list", "show", "export", "stats": return .readOnly
        default: return .readWrite
        }
    }

    /// `--lease SECONDS`, checked against the range a lease can have.
    static func leaseOption(_ arguments: inout ArgumentList) throws -> Double? {
        try arguments.option("--lease", as: Double.self, in: 1...ReviewQueue.maximumLease,
                             expected: "a number of seconds from 1 to \(Int(ReviewQueue.maximumLease)) (30 days)")
    }

    /// `--reviewer NAME` or the default; an empty name is refused, since decisions record who made them.
    static func checkedReviewer(_ given: String?) throws -> String {
        guard let given else { return defaultReviewer() }
        guard !given.allSatisfy(\.isWhitespace) else { throw CLIError.usage("option --reviewer expects a name, got '\(given)'") }
        return given
    }

    /// `$USER`, else the login name of the current uid.
    static func defaultReviewer() -> String {
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid\(getuid())"
    }

    private static func exactlyOne(_ words: [String], _ what: String) throws -> String {
        guard words.count == 1 else {
            throw CLIError.usage(words.isEmpty ? "missing \(what)" : "expected one \(what), got \(words.count) arguments")
        }
        return words[0]
    }

    private static func itemID(_ words: [String]) throws -> Int64 {
        let word = try exactlyOne(words, "item ID")
        guard let id = Int64(word), id > 0 else { throw CLIError.usage("expected an item ID (a positive integer), got '\(word)'") }
        return id
    }

    // MARK: Subcommands

    private static func importFile(_ path: String, _ options: Options, _ queue: ReviewQueue) throws -> Int32 {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw CLIError.failed("cannot read \(path)")
        }
        let report = try queue.importJSONLines(contents, file: path, flaggedOnly: options.flaggedOnly)
        for problem in report.invalid { Output.error(TextLayout.sanitize(problem.description)) }
        var summary = "added \(report.added), skipped \(report.duplicates) as duplicates, \(report.invalid.count) invalid"
        if options.flaggedOnly { summary += ", \(report.notFlagged) not flagged" }
        Output.line(summary)
        return report.invalid.isEmpty ? 0 : 1
    }

    private static func list(_ options: Options, _ queue: ReviewQueue) throws -> Int32 {
        let items = try queue.items(statuses: options.statuses, domain: options.domain)
        if options.json {
            for item in items { Output.line(item.json.jsonText) }
            return 0
        }
        let now = Date()
        var rows = [["ID", "STATUS", "DOMAIN", "SCORE", "AGE", "REQUEST"]]
        for item in items {
            var status = item.status.rawValue
            if item.status == .claimed { status += item.isLeaseExpired(at: now) ? " (expired)" : " (\(item.claimedBy ?? "?"))" }
            rows.append([String(item.id), TextLayout.singleLine(status), item.domain.map(TextLayout.singleLine) ?? "-",
                         item.content.auditScore.map { String(format: "%.2f", $0) } ?? "-",
                         DurationText.compact(now.timeIntervalSince(item.createdAt)),
                         TextLayout.firstLine(item.request)])
        }
        let widths = (0..<5).map { column in rows.map { TextLayout.displayWidth($0[column]) }.max() ?? 0 }
        let width = Output.isTerminal ? WindowSize.current().columns : 100
        for row in rows {
            var line = ""
            for column in 0..<5 { line += TextLayout.pad(row[column], to: widths[column]) + "  " }
            line += TextLayout.truncate(row[5], to: max(10, width - TextLayout.displayWidth(line)))
            Output.line(line)
        }
        if items.isEmpty { Output.error("no items") }
        return 0
    }

    private static func show(_ id: Int64, _ options: Options, _ queue: ReviewQueue) throws -> Int32 {
        let item = try queue.item(id)
        if options.json {
            var object = item.json
            if case .object(var members) = object {
                members["decisions"] = .array(try queue.decisions(forItem: id).map(\.json))
                object = .object(members)
            }
            Output.line(object.jsonText)
            return 0
        }
        Output.line(TextLayout.sanitize(ItemText.describe(item, decisions: try queue.decisions(forItem: id))))
        return 0
    }

    private static func claim(_ options: Options, _ queue: ReviewQueue) throws -> Int32 {
        let reviewer = options.reviewer ?? defaultReviewer()
        guard let claim = try queue.claimNext(reviewer: reviewer, lease: options.lease ?? 900, domain: options.domain) else {
            if options.json { Output.line("null") } else { Output.error("nothing to claim") }
            return 3
        }
        if options.json {
            var object = claim.item.json
            if case .object(var members) = object {
                members["lease"] = .object(["reviewer": .string(reviewer), "generation": .integer(claim.lease.generation),
                                            "expires_at": .string(ISO8601.string(claim.lease.expiresAt))])
                object = .object(members)
            }
            Output.line(object.jsonText)
        } else {
            Output.line(TextLayout.sanitize(ItemText.describe(claim.item, decisions: [])))
            Output.line(TextLayout.sanitize("\nclaimed by \(reviewer)") + " until \(ISO8601.string(claim.lease.expiresAt)) (generation \(claim.lease.generation))")
        }
        return 0
    }

    private static func decide(_ id: Int64, _ decision: ReviewQueue.Decision, _ options: Options, _ queue: ReviewQueue) throws -> Int32 {
        let item = try queue.decide(itemID: id, as: options.reviewer ?? defaultReviewer(), decision)
        Output.line(decision == .release ? "released item \(id)" : "\(item.status.rawValue) item \(id)")
        return 0
    }

    private static func edit(_ id: Int64, _ options: Options, _ queue: ReviewQueue) throws -> Int32 {
        let reviewer = options.reviewer ?? defaultReviewer()
        let before = try queue.item(id)
        let heldAlready = before.status == .claimed && before.claimedBy == reviewer && !before.isLeaseExpired(at: Date())
        // Hold the item for as long as a person may reasonably take in the editor.
        let claim = try queue.claim(itemID: id, reviewer: reviewer, lease: options.lease ?? 3600)
        let edited: String
        do {
            edited = try ExternalEditor.edit(claim.item.answer)
        } catch {
            if !heldAlready { _ = try? queue.release(claim.lease) }
            throw error
        }
        if edited.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            if !heldAlready { _ = try? queue.release(claim.lease) }
            throw CLIError.failed("the edited answer is empty; item \(id) was not decided")
        }
        if edited == claim.item.answer {
            try queue.approve(claim.lease)
            Output.line("answer unchanged; approved item \(id)")
        } else {
            try queue.edit(claim.lease, newAnswer: edited)
            Output.line("edited item \(id)")
        }
        return 0
    }

    private static func export(_ options: Options, _ queue: ReviewQueue) throws -> Int32 {
        guard let format = options.format else { throw CLIError.usage("queue export needs --format jsonl|csv|sft|examples") }
        guard let out = options.out else {
            try queue.export(format, statuses: options.statuses, systemPrompt: options.system) { Output.write($0) }
            return 0
        }
        // Written beside the target and renamed, so a failed export never leaves half a file.
        let temporary = out + ".partial-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw CLIError.failed("cannot write \(out)")
        }
        let count: Int
        do {
            count = try queue.export(format, statuses: options.statuses, systemPrompt: options.system) {
                try handle.write(contentsOf: Data($0.utf8))
            }
            try handle.close()
            if FileManager.default.fileExists(atPath: out) { try FileManager.default.removeItem(atPath: out) }
            try FileManager.default.moveItem(atPath: temporary, toPath: out)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        Output.error(TextLayout.sanitize("exported \(count) items to \(out)"))
        return 0
    }

    private static func stats(_ options: Options, _ queue: ReviewQueue) throws -> Int32 {
        let statistics = try queue.statistics()
        Output.line(options.json ? statistics.json.jsonText : TextLayout.sanitize(statistics.report))
        return 0
    }
}

/// Plain-text rendering of an item for `show` and `claim`.
enum ItemText {
    static func describe(_ item: ReviewItem, decisions: [DecisionRecord]) -> String {
        var lines: [String] = []
        var status = item.status.rawValue
        if item.status == .claimed, let by = item.claimedBy, let until = item.leaseExpiresAt {
            status += " by \(by) until \(ISO8601.string(until))"
        }
        lines.append("item \(item.id)  \(status)  (generation \(item.generation))")
        let job = item.source.job.isEmpty ? "" : "job \(item.source.job), "
        lines.append("source:     \(job)ticket \(item.source.ticket)")
        var route = item.domain ?? "(no domain)"
        if let confidence = item.content.routeConfidence { route += String(format: "  confidence %.2f", confidence) }
        if let strategy = item.content.routeStrategy { route += "  by \(strategy)" }
        if let specialist = item.content.specialist { route += "  → \(specialist)" }
        lines.append("route:      \(route)")
        lines.append("audit:      " + (item.content.auditScore.map { String(format: "score %.2f", $0) } ?? "no score")
                     + (item.content.verdict.map { "  verdict \($0)" } ?? "") + "  priority \(item.content.priority)")
        for reason in item.content.reasons { lines.append("  reason:   \(reason)") }
        for flag in item.content.flags { lines.append("  flag:     \(flag)") }
        lines.append("\nrequest:\n" + indent(item.request))
        lines.append("\nanswer:\n" + indent(item.answer))
        if item.status == .edited, let final = item.finalAnswer { lines.append("\nedited answer:\n" + indent(final)) }
        if let reason = item.rejectReason { lines.append("\nrejected: \(reason)") }
        if let by = item.decidedBy, let at = item.decidedAt { lines.append("\ndecided by \(by) at \(ISO8601.string(at))") }
        if !decisions.isEmpty {
            lines.append("\ndecision log:")
            for record in decisions {
                var line = "  \(ISO8601.string(record.at))  \(record.reviewer)  \(record.action.rawValue)  gen \(record.generation)"
                if let reason = record.reason { line += "  — \(reason)" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
