import Batch
import Foundation
import Store
import Swarm

/// `apiary audit SWARM [FILE | -] [--json]`
enum AuditCommand: Command {
    static let name = "audit"
    static let summary = "Audit (request, answer) pairs from any source under the swarm's auditor and policy"
    static let help = """
    Usage: apiary audit SWARM [FILE | -] [--json] [--batch N]

    Audits answers written anywhere — by people, by another system, by a cloud
    model — with the swarm's auditor and policy. FILE (or standard input with
    '-' or no FILE) holds JSON lines:

      {"id": "T-1", "request": "…", "answer": "…", "domain": "billing"}

    "domain" is optional; when given it must be one of the swarm's domains and
    its description goes into the audit prompt, which is built from the swarm
    (its description, the domain, the auditor's rubric) exactly as in `run`
    and `batch`. The policy redacts each request, then decides each verdict
    (accepted, flagged, blocked) from the audit score and its rules; a request
    too long for the auditor's context is shortened and flagged; an audit that
    fails is reported as "failed" with the reason.

    Prints, per pair and in input order: id, score, verdict and reasons. A bad
    line is reported on standard error as FILE:LINE: what was expected, and
    the other lines are still audited.

    Options:
      --json        one result record per line (as `run --json` prints, with
                    "line" the input line number)
      --batch N     answers audited per forward pass (default 8)

    Exit status: 0 when every line was audited (whatever the verdicts), 1 when
    some lines were bad or on errors.

    Examples:
      apiary audit swarms/support.toml answers.jsonl
      some-export | apiary audit swarms/support.toml - --json
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let batchSize = try arguments.option("--batch", as: Int.self, expected: "a positive integer") ?? 8
        let words = try arguments.positionals()
        guard batchSize >= 1 else { throw CLIError.usage("--batch expects a positive integer") }
        guard let path = words.first else { throw CLIError.usage("missing SWARM file") }
        guard words.count <= 2 else { throw CLIError.usage("expected SWARM and at most one FILE") }
        let file = words.count == 2 && words[1] != "-" ? words[1] : nil
        let contents: Data
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError.failed("\(file): cannot read the file") }
            contents = data
        } else {
            contents = FileHandle.standardInput.readDataToEndOfFile()
        }

        let spec = try SwarmSpecLoader.load(path: path)
        guard spec.auditor != nil else { throw CLIError.failed("\(path): the swarm has no [auditor] to audit with") }
        let lines = AnswerLines.read(contents, domains: spec.domains.map(\.name))
        var answers: [(answer: AnswerToAudit, line: Int)] = []
        var bad = 0
        for line in lines {
            switch line {
            case .answer(let answer, let number): answers.append((answer, number))
            case .invalid(let number, let message):
                bad += 1
                Output.error("\(file ?? "stdin"):\(number): \(message)")
            }
        }
        let runtime = try SwarmLoading.load(spec: spec)
        let results = try runtime.audit(answers.map(\.answer), batchSize: batchSize)
        for (result, entry) in zip(results, answers) {
            if json {
                try Output.record(ResultRecord(result, line: entry.line))
                continue
            }
            let score = result.audit.map { String(format: "%.2f", $0.score) } ?? "-"
            Output.line("\(result.id)\tscore \(score)\t\(result.verdict.name)")
            for reason in (result.audit?.reasons ?? []) + result.verdict.reasons.map(\.message) { Output.line("  - \(reason)") }
        }
        if bad > 0 { Output.error("\(bad) bad line\(bad == 1 ? "" : "s") of \(lines.count) skipped") }
        return bad > 0 ? 1 : 0
    }
}
