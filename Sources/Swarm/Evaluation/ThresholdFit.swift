import Inference

/// `apiary eval --fit`: the cascade's thresholds fitted to labelled requests by coordinate
/// search over a grid, judged by k-fold cross-validation — each fold decided with thresholds
/// fitted on the other folds, so the "after" figures are on requests the fit did not see.
public enum ThresholdFit {
    /// What the fit maximises.
    public enum Objective: Sendable, Equatable, CustomStringConvertible {
        /// Accuracy over all requests (out of scope is a label like the domains).
        case accuracy
        /// The best in-scope accuracy whose out-of-scope recall is at least the target; when no
        /// setting reaches the target, the highest out-of-scope recall.
        case outOfScopeRecall(Double, RecallBound = .intervalLower)

        public var description: String {
            switch self {
            case .accuracy: return "accuracy"
            case .outOfScopeRecall(let target, .intervalLower):
                return "in-scope accuracy with out-of-scope recall ≥ \(target) at the lower end of its 95 % interval"
            case .outOfScopeRecall(let target, .observed):
                return "in-scope accuracy with out-of-scope recall ≥ \(target) as observed"
            }
        }

        /// Larger is better, compared lexicographically.
        func score(_ outcomes: [RoutingOutcome]) -> [Double] {
            let oos = Route.outOfScopeLabel
            let accuracy = RoutingMetrics.share(outcomes) { $0.predicted == $0.gold } ?? 0
            let inScope = RoutingMetrics.share(outcomes.filter { $0.gold != oos }) { $0.predicted == $0.gold } ?? 0
            switch self {
            case .accuracy:
                return [accuracy, inScope]
            case .outOfScopeRecall(let target, let bound):
                let outOfScope = outcomes.filter { $0.gold == oos }
                let caught = outOfScope.count { $0.predicted == oos }
                let recall = bound.recall(caught: caught, of: outOfScope.count)
                return recall >= target ? [1, inScope, recall] : [0, recall, inScope]
            }
        }

        /// Which recall a recall target holds for; nil for accuracy.
        public var recallBound: RecallBound? {
            if case .outOfScopeRecall(_, let bound) = self { return bound }
            return nil
        }

        /// Whether a recall target is reached (always, for accuracy).
        func isMet(_ outcomes: [RoutingOutcome]) -> Bool {
            guard case .outOfScopeRecall = self else { return true }
            return score(outcomes).first == 1
        }
    }

    /// Which recall the target holds for. The observed one is an optimistic estimate of the
    /// recall on new requests: the search picks, among many settings, one whose recall reached
    /// the target on these requests, partly by luck — and out-of-scope requests of new kinds are
    /// harder than the fitted ones. (On CLINC150, the embedding strategy alone, a cut fitted for
    /// observed recall 0.85 on its 100 val requests caught 0.69–0.77 of its test split's; for the
    /// interval's lower end, 0.82–0.87.)
    public enum RecallBound: String, Codable, Sendable, Equatable {
        /// The lower end of the 95 % Wilson interval: the target then likely holds on new requests
        /// drawn like these. Demands more the fewer out-of-scope requests there are: with 100,
        /// 0.85 needs 92 caught; with 21, 0.8 needs all of them.
        case intervalLower = "interval"
        /// The share caught among these requests.
        case observed

        /// 1 without out-of-scope requests: nothing to miss.
        func recall(caught: Int, of count: Int) -> Double {
            guard count > 0 else { return 1 }
            switch self {
            case .observed: return Double(caught) / Double(count)
            case .intervalLower: return ProportionInterval(successes: caught, trials: count)?.lower ?? 0
            }
        }
    }

    public struct Result: Sendable {
        /// Thresholds fitted on all the requests (what `--write` writes).
        public var fitted: RouterThresholds
        /// The current thresholds on every request (nothing was fitted on them).
        public var before: EvaluationReport
        /// Each request decided with the thresholds fitted without its fold.
        public var after: EvaluationReport
        public var folds: Int
        /// Whether the fitted thresholds reach the objective's recall target on all the requests
        /// (when not, they are the ones with the highest recall).
        public var objectiveMet: Bool
    }

    // Grid points as i / n (not a running sum), so 0.69 is the Double nearest 0.69 — as written.
    static let confidenceGrid = (0...50).map { Double($0) / 50 }
    static let marginGrid = (0...30).map { Double($0) / 50 }
    static let similarityGrid: [Double?] = [nil] + (0...100).map { Double($0) / 100 }
    static let rounds = 4

    /// Fits `spec`'s thresholds on `routed` toward `objective`, with `folds`-fold cross-validation
    /// (folds stratified by label, shuffled with `seed`).
    public static func fit(_ routed: [RoutedExample], spec: RouterSpec, objective: Objective, folds: Int = 5,
                           seed: UInt64 = 1) -> Result {
        let folds = max(2, min(folds, routed.count))
        let assignment = foldAssignment(routed.map(\.example.domain), folds: folds, seed: seed)
        let fitted = search(routed, spec: spec, objective: objective)
        let names = routed.first?.entries.map(\.strategy) ?? []
        var cascade: [RoutingOutcome] = []
        var alone: [String: [RoutingOutcome]] = [:]
        for fold in 0..<folds {
            let training = routed.indices.filter { assignment[$0] != fold }.map { routed[$0] }
            let testing = routed.indices.filter { assignment[$0] == fold }.map { routed[$0] }
            let foldSpec = search(training, spec: spec, objective: objective).applied(to: spec)
            cascade += RoutingEvaluation.outcomes(testing, spec: foldSpec)
            for name in names { alone[name, default: []] += RoutingEvaluation.outcomes(testing, spec: foldSpec, strategy: name) }
        }
        let after = EvaluationReport(
            count: routed.count, outOfScope: routed.filter { $0.example.domain == Route.outOfScopeLabel }.count,
            strategies: names.map { EvaluationReport.Row(strategy: $0, metrics: RoutingMetrics(alone[$0] ?? [])) },
            cascade: RoutingMetrics(cascade), thresholds: fitted)
        let met = objective.isMet(RoutingEvaluation.outcomes(routed, spec: fitted.applied(to: spec)))
        return Result(fitted: fitted, before: RoutingEvaluation.report(routed, spec: spec), after: after, folds: folds,
                      objectiveMet: met)
    }

    /// Coordinate search: each value in turn set to its best grid point (ties keep the current
    /// value), for a few rounds or until nothing changes — started from the current thresholds
    /// and from a few others (every strategy at 0.5; similarity cut-offs 0.3…0.7), since one
    /// start can stall where raising a confidence beats adding a cut-off one value at a time.
    static func search(_ routed: [RoutedExample], spec: RouterSpec, objective: Objective) -> RouterThresholds {
        let current = RouterThresholds(spec)
        let names = spec.strategies.map(\.name)
        let hasEvidence = names.contains("embedding") && routed.contains { $0.entries.contains { $0.similarity != nil } }
        var starts = [current]
        var even = current
        for name in names { even.confidence[name] = 0.5 }
        starts.append(even)
        if hasEvidence {
            for cut in [0.3, 0.4, 0.5, 0.6, 0.7] {
                for base in [current, even] {
                    var start = base
                    start.minSimilarity = cut
                    starts.append(start)
                }
            }
        }
        var best = current
        var bestScore = objective.score(RoutingEvaluation.outcomes(routed, spec: current.applied(to: spec)))
        for start in starts {
            let (found, score) = descend(from: start, routed, spec: spec, objective: objective, names: names, hasEvidence: hasEvidence)
            if bestScore.lexicographicallyPrecedes(score) {
                best = found
                bestScore = score
            }
        }
        return best
    }

    private static func descend(from start: RouterThresholds, _ routed: [RoutedExample], spec: RouterSpec, objective: Objective,
                                names: [String], hasEvidence: Bool) -> (RouterThresholds, [Double]) {
        var best = start
        var bestScore = objective.score(RoutingEvaluation.outcomes(routed, spec: best.applied(to: spec)))
        func consider(_ candidate: RouterThresholds) {
            let score = objective.score(RoutingEvaluation.outcomes(routed, spec: candidate.applied(to: spec)))
            if bestScore.lexicographicallyPrecedes(score) {
                best = candidate
                bestScore = score
            }
        }
        for _ in 0..<rounds {
            let before = best
            for name in names {
                for value in confidenceGrid {
                    var candidate = best
                    candidate.confidence[name] = value
                    consider(candidate)
                }
            }
            for value in marginGrid {
                var candidate = best
                candidate.minMargin = value
                consider(candidate)
            }
            if hasEvidence {
                for cut in [\RouterThresholds.minSimilarity, \.confidentSimilarity] {
                    for value in similarityGrid {
                        var candidate = best
                        candidate[keyPath: cut] = value
                        consider(candidate)
                    }
                }
            }
            if best == before { break }
        }
        return (best, bestScore)
    }

    /// A fold number per request: each label's requests shuffled (seeded) and dealt round-robin.
    static func foldAssignment(_ labels: [String], folds: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var assignment = Array(repeating: 0, count: labels.count)
        var next = 0
        for label in Set(labels).sorted() {
            var members = labels.indices.filter { labels[$0] == label }
            members.shuffle(using: &generator)
            for index in members {
                assignment[index] = next % folds
                next += 1
            }
        }
        return assignment
    }
}
