import Foundation
import Swarm
import TOML

/// `apiary eval`'s tables for people.
enum EvalText {
    static func report(_ report: EvaluationReport, file: String) -> String {
        var text = "\(file): \(report.count) labelled requests (\(report.outOfScope) out of scope)\n"
        text += "thresholds: \(thresholds(report.thresholds))\n\n"
        text += table(report)
        text += recall(report)
        text += "\ncascade confusion (rows: true label, columns: decided)\n"
        text += confusion(report.cascade.confusion)
        return text
    }

    static func fit(_ report: EvalFitReport, file: String, swarm: String, write: Bool) -> String {
        var text = "\(file): \(report.before.count) labelled requests (\(report.before.outOfScope) out of scope); "
            + "objective: \(report.objective)\n\n"
        text += "before (current thresholds: \(thresholds(report.before.thresholds)))\n"
        text += table(report.before)
        text += "\nafter (\(report.folds)-fold cross-validation: each fold decided by thresholds fitted on the others)\n"
        text += table(report.after)
        text += recall(report.after)
        if !report.objectiveMet {
            text += "no thresholds reach the recall target on \(report.after.outOfScope) out-of-scope requests: "
                + "fitted for the highest recall instead\n"
        } else if (1..<fewOutOfScope).contains(report.after.outOfScope) {
            text += report.recallBound == .observed
                ? "only \(report.after.outOfScope) out-of-scope requests: on new ones the recall can fall well below this; "
                    + "a few hundred, drawn like those the swarm will meet, make the fit hold\n"
                : "only \(report.after.outOfScope) out-of-scope requests: their wide interval makes the fit keep a wide margin "
                    + "(and give up in-scope accuracy); a few hundred, drawn like those the swarm will meet, narrow it, "
                    + "or --observed-recall holds the target on these as they are\n"
        }
        text += "\nfitted on all requests: \(thresholds(report.fitted))\n"
        let changes = report.fitted.changes(from: report.before.thresholds)
        if changes.isEmpty {
            text += "the current thresholds are already the fitted ones\n"
        } else if write {
            text += "written to \(swarm): " + changes.map { "\($0.key.joined(separator: ".")) = \(TOMLNumberEdit.format($0.value))" }
                .joined(separator: ", ") + "\n"
        } else {
            text += "--write puts into \(swarm): " + changes.map { "\($0.key.joined(separator: ".")) = \(TOMLNumberEdit.format($0.value))" }
                .joined(separator: ", ") + "\n"
        }
        return text
    }

    /// Below this many out-of-scope requests a recall target fitted on them is loose (±0.05 or more).
    static let fewOutOfScope = 200

    /// The cascade's out-of-scope recall with its 95 % interval; empty without out-of-scope requests.
    static func recall(_ report: EvaluationReport) -> String {
        guard let recall = report.cascade.outOfScopeRecall, let interval = report.cascade.outOfScopeRecallInterval else { return "" }
        return String(format: "cascade out-of-scope recall %.3f on %d requests, 95 %% interval %.3f–%.3f\n",
                      recall, report.outOfScope, interval.lower, interval.upper)
    }

    static func thresholds(_ t: RouterThresholds) -> String {
        let confidence = t.confidence.keys.sorted().map { "\($0) ≥ \(TOMLNumberEdit.format(t.confidence[$0]!))" }.joined(separator: ", ")
        let similarity = t.minSimilarity.map { ", min_similarity \(TOMLNumberEdit.format($0))" } ?? ", no min_similarity"
        let confident = t.confidentSimilarity.map { ", confident_similarity \(TOMLNumberEdit.format($0))" } ?? ""
        return confidence + ", min_margin \(TOMLNumberEdit.format(t.minMargin))" + similarity + confident
    }

    static func table(_ report: EvaluationReport) -> String {
        let columns = ["accuracy", "in-scope", "OOS prec", "OOS recall", "macro-F1", "ECE", "p50 ms", "p95 ms"]
        var text = "strategy    " + columns.map { Format.leftPadded($0, 11) }.joined() + "\n"
        let rows = report.strategies.map { ($0.strategy, $0.metrics) } + [("cascade", report.cascade)]
        for (name, m) in rows {
            let values = [m.accuracy, m.inScopeAccuracy, m.outOfScopePrecision, m.outOfScopeRecall, m.macroF1,
                          m.calibration.expectedError].map { number($0, "%.3f") }
                + [number(m.latency.p50, "%.1f"), number(m.latency.p95, "%.1f")]
            text += name.padding(toLength: 12, withPad: " ", startingAt: 0) + values.map { Format.leftPadded($0, 11) }.joined() + "\n"
        }
        return text
    }

    static func confusion(_ matrix: ConfusionMatrix) -> String {
        let names = matrix.labels.map { $0 == Route.outOfScopeLabel ? "OOS" : $0 }
        let width = max(6, (names.map(\.count).max() ?? 0) + 1)
        var text = String(repeating: " ", count: width) + names.map { Format.leftPadded(String($0.prefix(width - 1)), width) }.joined() + "\n"
        for (name, row) in zip(names, matrix.counts) {
            text += name.padding(toLength: width, withPad: " ", startingAt: 0) + row.map { Format.leftPadded("\($0)", width) }.joined() + "\n"
        }
        return text
    }

    private static func number(_ value: Double?, _ format: String) -> String {
        value.map { String(format: format, $0) } ?? "—"
    }
}
