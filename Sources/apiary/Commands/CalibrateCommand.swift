import Foundation
import Store
import Swarm
import TOML

/// `apiary calibrate --db DB [SWARM] [--json] [--target-review-rate R | --max-missed M] [--write]`
enum CalibrateCommand: Command {
    static let name = "calibrate"
    static let summary = "Compare the auditor with the reviewers' decisions; find the threshold that meets a target"
    static let help = """
    Usage: apiary calibrate --db DB [SWARM | --policy FILE] [--json]
                            [--target-review-rate R | --max-missed M] [--write]

    Reads the decided items of the review queue in DB — approved (the answer
    was good as it was) against rejected or edited (it was not) — and reports
    how well the auditor's score agrees with the reviewers:

      AUROC       probability that an approved answer scored higher than a
                  rejected or edited one (0.5: no better than chance)
      review rate share of the answers the threshold flags (score below it)
      precision   of the flagged answers, the share reviewers rejected or edited
      recall      of the rejected or edited answers, the share flagged
      missed      of the rejected or edited answers, the share that would have
                  been accepted (1 − recall)
      kappa       Cohen's κ between auditor (accept: score ≥ threshold) and
                  reviewers (approve), corrected for chance agreement

    at the current threshold — SWARM's [auditor] threshold, else its policy's
    [audit] threshold; or --policy FILE's — and, with a target, at the
    threshold that meets it. Items without an audit score are left out.

    The decided items are the ones that reached a reviewer: flagged answers
    and spot checks. Answers accepted without review are not in them, so
    the figures describe the answers reviewers see; spot checks (the policy's
    [review] spot_check share) are what makes the accepted side visible.

    Options:
      --db DB                   the store (default apiary.db); opened read-only
      --policy FILE             take the threshold from (and --write it to) this
                                policy file's [audit] threshold instead of SWARM
      --threshold T             the current threshold, overriding the files
      --target-review-rate R    the highest threshold that flags at most R of
                                the answers (R as 20% or 0.2)
      --max-missed M            the lowest threshold with at most M of the
                                rejected or edited answers accepted
      --write                   put the suggested threshold into SWARM's
                                [auditor] threshold (or the --policy file's
                                [audit] threshold) in place; the rest of the
                                file stays byte for byte
      --json                    one JSON object with every figure

    Exit status: 0 on success; 3 when --write was asked but no threshold
    meets the target; 1 on errors; 2 on usage errors.

    Examples:
      apiary calibrate --db apiary.db swarms/support.toml
      apiary calibrate --db apiary.db swarms/support.toml --max-missed 5% --write
      apiary calibrate --db apiary.db --policy policies/default.toml --target-review-rate 20% --json
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let write = arguments.flag("--write")
        let database = try arguments.option("--db") ?? "apiary.db"
        let policyPath = try arguments.option("--policy")
        let explicitThreshold = try arguments.option("--threshold", as: Double.self, in: 0...1, expected: "a number from 0 to 1")
        let reviewRate = try arguments.option("--target-review-rate").map { try share($0, option: "--target-review-rate") }
        let maxMissed = try arguments.option("--max-missed").map { try share($0, option: "--max-missed") }
        let words = try arguments.positionals()
        try arguments.finish()
        guard words.count <= 1 else { throw CLIError.usage("expected at most one SWARM file") }
        let swarmPath = words.first
        if swarmPath != nil && policyPath != nil { throw CLIError.usage("give SWARM or --policy, not both") }
        if reviewRate != nil && maxMissed != nil { throw CLIError.usage("give --target-review-rate or --max-missed, not both") }
        let target: AuditAgreement.Target? = reviewRate.map { .reviewRate($0) } ?? maxMissed.map { .maxMissed($0) }
        if write && target == nil { throw CLIError.usage("--write needs a target: --target-review-rate R or --max-missed M") }
        if write && swarmPath == nil && policyPath == nil { throw CLIError.usage("--write needs SWARM or --policy FILE to write to") }

        // The threshold in force, and where --write puts a new one.
        var threshold = 0.5
        var destination: (file: String, keys: [String])?
        if let swarmPath {
            let spec = try SwarmSpecLoader.load(path: swarmPath)
            guard spec.auditor != nil else { throw CLIError.failed("\(swarmPath) has no [auditor]") }
            let policy = try spec.policyPath.map { try PolicySpec.load(contentsOf: $0) }
            threshold = spec.auditor?.threshold ?? policy?.audit.threshold ?? 0.5
            destination = (swarmPath, ["auditor", "threshold"])
        } else if let policyPath {
            threshold = try PolicySpec.load(contentsOf: policyPath).audit.threshold ?? 0.5
            destination = (policyPath, ["audit", "threshold"])
        }
        threshold = explicitThreshold ?? threshold

        guard FileManager.default.fileExists(atPath: database) else { throw CLIError.failed("\(database): no such database") }
        let queue = try ReviewQueue(database: try Database.openStoreForReading(path: database))
        let (decisions, unscored) = try decidedItems(queue)
        let agreement = AuditAgreement(decisions, threshold: threshold, target: target)

        var written: String?
        if write, let destination {
            guard let suggested = agreement.suggested else {
                Output.error("no threshold meets the target (\(target!)) on \(decisions.count) decided items; nothing written")
                return 3
            }
            guard let data = FileManager.default.contents(atPath: destination.file) else {
                throw CLIError.failed("\(destination.file): cannot read the file")
            }
            let edited = try TOMLNumberEdit.setting([(destination.keys, suggested.threshold)], in: Array(data), file: destination.file)
            try SettingsFile.replace(destination.file, with: edited)
            written = "\(destination.file): \(destination.keys.joined(separator: ".")) = \(TOMLNumberEdit.format(suggested.threshold))"
        }
        if json {
            try Output.record(CalibrationReport(agreement: agreement, unscored: unscored, written: written))
        } else {
            Output.write(text(agreement, unscored: unscored, database: database))
            if let written { Output.line("written to " + written) }
        }
        return 0
    }

    /// Decided items with an audit score, a page at a time; and how many had none.
    static func decidedItems(_ queue: ReviewQueue) throws -> ([AuditAgreement.Decision], Int) {
        let filter = ReviewQueue.Filter(statuses: [.approved, .rejected, .edited])
        var decisions: [AuditAgreement.Decision] = []
        var unscored = 0
        var offset = 0
        while true {
            let page = try queue.items(filter, offset: offset, limit: 1000)
            for item in page {
                guard let score = item.content.auditScore, score.isFinite else { unscored += 1; continue }
                decisions.append(.init(score: score, approved: item.status == .approved))
            }
            if page.count < 1000 { break }
            offset += page.count
        }
        return (decisions, unscored)
    }

    /// `20%`, `20 %` or `0.2`.
    static func share(_ text: String, option: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let value: Double?
        if trimmed.hasSuffix("%") {
            value = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 }
        } else {
            value = Double(trimmed)
        }
        guard let value, value.isFinite, (0...1).contains(value) else {
            throw CLIError.usage("option \(option) expects a share such as 20% or 0.2, got '\(text)'")
        }
        return value
    }

    static func text(_ a: AuditAgreement, unscored: Int, database: String) -> String {
        func f(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "—" }
        var text = "\(database): \(a.decided) decided items with an audit score (\(a.approved) approved, "
            + "\(a.decided - a.approved) rejected or edited)" + (unscored > 0 ? "; \(unscored) without a score left out" : "") + "\n"
        text += "AUROC of the audit score (approved vs rejected or edited): \(f(a.auroc))\n\n"
        text += "threshold".padding(toLength: 22, withPad: " ", startingAt: 0)
            + ["review rate", "precision", "recall", "missed", "kappa"].map { Format.leftPadded($0, 12) }.joined() + "\n"
        var rows = [("current " + TOMLNumberEdit.format(a.current.threshold), a.current)]
        if let suggested = a.suggested { rows.append(("suggested " + TOMLNumberEdit.format(suggested.threshold), suggested)) }
        for (name, row) in rows {
            text += name.padding(toLength: 22, withPad: " ", startingAt: 0)
                + [row.reviewRate, row.precision, row.recall, row.missed, row.kappa].map { Format.leftPadded(f($0), 12) }.joined() + "\n"
        }
        if let target = a.target, a.suggested == nil { text += "no threshold meets the target (\(target))\n" }
        else if let target = a.target { text += "target: \(target)\n" }
        return text
    }
}

/// `apiary calibrate --json`.
struct CalibrationReport: Encodable {
    var agreement: AuditAgreement
    var unscored: Int
    /// `file: key = value` when --write wrote a threshold.
    var written: String?
}
