import Batch
import Foundation
import Swarm
import TOML

/// `apiary eval SWARM LABELLED_FILE [--fit [--write]] [--json]`
enum EvalCommand: Command {
    static let name = "eval"
    static let summary = "Measure routing on labelled requests; fit the router's thresholds"
    static let help = """
    Usage: apiary eval SWARM LABELLED_FILE [--json] [--min-accuracy X] [--min-oos-recall Y]
           apiary eval SWARM LABELLED_FILE --fit [--objective accuracy | --oos-recall R [--observed-recall]]
                                            [--folds K] [--write]

    Routes every request of LABELLED_FILE (any export the readers understand,
    read with the swarm's [input]; a "domain" column holds a domain of the
    swarm or out_of_scope) with every strategy, and reports for each strategy
    alone and for the cascade:

      accuracy     share given their true label (out of scope is a label)
      in-scope     share of in-scope requests sent to their true domain
      OOS prec     of the requests called out of scope, the share that were
      OOS recall   of the out-of-scope requests, the share called so
      macro-F1     mean F1 over the labels, out of scope included
      ECE          expected calibration error of the scores' best label
                   (10 bins; --json has the reliability bins)
      p50/p95 ms   latency (for the cascade: the strategies consulted)

    and the cascade's confusion matrix and out-of-scope recall with its 95 %
    interval (about ±0.07 on 100 out-of-scope requests; --fit warns below
    200 that a recall target fitted on them is loose). A strategy alone
    decides as it would first in the cascade. When the file has a "split"
    column only its "eval" rows are evaluated (the swarm's own examples file
    learns from the others).

    --fit fits the cascade's thresholds — each strategy's minimum probability
    ([router.confidence]), router.min_margin, router.min_similarity (the
    embedding strategy's out-of-scope cut-off: a request whose in-scope
    evidence, its "similarity", is under it is out of scope) and
    router.confident_similarity (below it the embedding leaves the request
    to the strategies after it, e.g. an llm) — by coordinate search
    over a grid, and prints the figures before (current thresholds) and after
    (each fold decided by thresholds fitted on the other folds). --write then
    puts the thresholds fitted on all requests into SWARM in place: only
    those values change; comments, order and layout stay byte for byte.

    Options:
      --json              one JSON object: the figures (with --fit: "before",
                          "after", "fitted", "written")
      --min-accuracy X    exit 3 when the cascade's accuracy is below X
      --min-oos-recall Y  exit 3 when its out-of-scope recall is below Y
                          (with --write both apply to the fitted "after")
      --fit               fit the thresholds (see above)
      --objective accuracy  maximise accuracy (the default)
      --oos-recall R      maximise in-scope accuracy keeping out-of-scope
                          recall ≥ R (0 to 1) at the lower end of its 95 %
                          interval, so that R likely holds on new requests
                          (with 100 out-of-scope requests, 0.85 asks for 92
                          caught; with 20, even all of them give only 0.84)
      --observed-recall   hold R on the recall observed in LABELLED_FILE
                          instead: more in-scope accuracy, but new requests
                          usually see a lower recall than R
      --folds K           cross-validation folds (default 5)
      --seed N            how requests are dealt to folds (default 1)
      --write             write the fitted thresholds into SWARM

    Exit status: 0 on success, 3 when a --min-* gate is not met, 1 on errors,
    2 on usage errors.

    Examples:
      apiary eval swarms/support.toml examples/tickets.csv
      apiary eval swarms/support.toml examples/tickets.csv --fit --oos-recall 0.9 --write
      apiary eval swarms/support.toml held-out.csv --json --min-accuracy 0.85
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let fit = arguments.flag("--fit")
        let write = arguments.flag("--write")
        let minAccuracy = try arguments.option("--min-accuracy", as: Double.self, in: 0...1, expected: "a number from 0 to 1")
        let minRecall = try arguments.option("--min-oos-recall", as: Double.self, in: 0...1, expected: "a number from 0 to 1")
        let objectiveName = try arguments.option("--objective")
        let recallTarget = try arguments.option("--oos-recall", as: Double.self, in: 0...1, expected: "a number from 0 to 1")
        let observedRecall = arguments.flag("--observed-recall")
        let folds = try arguments.option("--folds", as: Int.self, in: 2...100, expected: "an integer from 2 to 100") ?? 5
        let seed = try arguments.option("--seed", as: UInt64.self, expected: "a non-negative integer") ?? 1
        let words = try arguments.positionals()
        try arguments.finish()
        guard words.count == 2 else { throw CLIError.usage(words.isEmpty ? "missing SWARM file" : "expected SWARM and LABELLED_FILE") }
        if write && !fit { throw CLIError.usage("--write writes fitted thresholds: give --fit too") }
        if !fit && (objectiveName != nil || recallTarget != nil) { throw CLIError.usage("--objective and --oos-recall apply to --fit") }
        if observedRecall && recallTarget == nil { throw CLIError.usage("--observed-recall qualifies --oos-recall R: give it too") }
        let objective: ThresholdFit.Objective
        switch (objectiveName, recallTarget) {
        case (nil, nil), ("accuracy", nil): objective = .accuracy
        case (nil, let target?): objective = .outOfScopeRecall(target, observedRecall ? .observed : .intervalLower)
        case (let name?, nil): throw CLIError.usage("--objective expects 'accuracy' (or give --oos-recall R), got '\(name)'")
        default: throw CLIError.usage("give --objective accuracy or --oos-recall R, not both")
        }

        let (swarmPath, labelledPath) = (words[0], words[1])
        let spec = try SwarmSpecLoader.load(path: swarmPath)
        let examples = try LabelledExampleFile.load(path: labelledPath, input: spec.input, rows: .evaluation)
        if let own = spec.examplesPath, sameFile(own, labelledPath),
           try LabelledExampleFile.load(path: own, input: spec.input, rows: .training).count == examples.count {
            Output.error("note: \(labelledPath) is the swarm's examples file and has no split column: the router learnt from these very requests")
        }
        let runtime = try SwarmLoading.load(spec: spec)
        let live = !json && isatty(STDERR_FILENO) != 0
        let routed = try RoutingEvaluation.observe(examples, router: runtime.router) { done in
            if live { FileHandle.standardError.write(Data("\r\u{1B}[2Krouting \(done)/\(examples.count)".utf8)) }
        }
        if live { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }

        guard fit else {
            let report = RoutingEvaluation.report(routed, spec: spec.router)
            if json { try Output.record(report) } else { Output.write(EvalText.report(report, file: labelledPath)) }
            return gate(report.cascade, minAccuracy: minAccuracy, minRecall: minRecall)
        }
        let result = ThresholdFit.fit(routed, spec: spec.router, objective: objective, folds: folds, seed: seed)
        let changes = result.fitted.changes(from: RouterThresholds(spec.router))
        if write && !changes.isEmpty {
            guard let data = FileManager.default.contents(atPath: swarmPath) else { throw CLIError.failed("\(swarmPath): cannot read the file") }
            let edited = try TOMLNumberEdit.setting(changes.map { ($0.key, $0.value) }, in: Array(data), file: swarmPath)
            try SettingsFile.replace(swarmPath, with: edited)
            // The edited file must still be a valid swarm.
            _ = try SwarmSpecLoader.load(path: swarmPath)
        }
        let written = write ? changes.map { EvalFitReport.Change(key: $0.key.joined(separator: "."), value: $0.value) } : []
        let report = EvalFitReport(objective: objective.description, recallBound: objective.recallBound, objectiveMet: result.objectiveMet, folds: result.folds,
                                   before: result.before, after: result.after, fitted: result.fitted, written: written)
        if json {
            try Output.record(report)
        } else {
            Output.write(EvalText.fit(report, file: labelledPath, swarm: swarmPath, write: write))
        }
        return gate(write ? result.after.cascade : result.before.cascade, minAccuracy: minAccuracy, minRecall: minRecall)
    }

    /// 3 when a `--min-*` gate is not met (said on standard error), else 0.
    static func gate(_ metrics: RoutingMetrics, minAccuracy: Double?, minRecall: Double?) -> Int32 {
        var failed = false
        if let minAccuracy, (metrics.accuracy ?? 0) < minAccuracy {
            Output.error(String(format: "cascade accuracy %.3f is below --min-accuracy %.3f", metrics.accuracy ?? 0, minAccuracy))
            failed = true
        }
        if let minRecall {
            guard let recall = metrics.outOfScopeRecall else {
                Output.error("--min-oos-recall: the file has no out_of_scope requests")
                return 3
            }
            if recall < minRecall {
                Output.error(String(format: "cascade out-of-scope recall %.3f is below --min-oos-recall %.3f", recall, minRecall))
                failed = true
            }
        }
        return failed ? 3 : 0
    }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath() == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath()
    }
}

/// `apiary eval --fit --json`.
struct EvalFitReport: Encodable {
    struct Change: Encodable {
        var key: String
        var value: Double
    }

    var objective: String
    /// Which recall a recall target holds for; nil for the accuracy objective.
    var recallBound: ThresholdFit.RecallBound?
    /// false when no thresholds reach the recall target on the file (the fitted ones then
    /// catch the most out-of-scope requests).
    var objectiveMet: Bool
    var folds: Int
    var before: EvaluationReport
    var after: EvaluationReport
    var fitted: RouterThresholds
    /// The keys written into the swarm file (empty without --write).
    var written: [Change]

    enum CodingKeys: String, CodingKey {
        case objective, recallBound = "recall_bound", objectiveMet = "objective_met", folds, before, after, fitted, written
    }
}
