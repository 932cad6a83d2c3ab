import Foundation

/// Every strategy's scores for one labelled request: recorded once (the router run with every
/// strategy), then decided again under any thresholds without running a model.
public struct RoutedExample: Sendable {
    public var example: LabelledExample
    /// Cascade order, one entry per strategy.
    public var entries: [Route.StrategyScores]

    public init(example: LabelledExample, entries: [Route.StrategyScores]) {
        self.example = example
        // Only the best two labels matter to a decision (`Route.StrategyScores.best`): keeping
        // just those makes replaying thousands of threshold settings cheap.
        self.entries = entries.map { entry in
            var kept = entry
            let ranked = entry.scores.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            kept.scores = Dictionary(uniqueKeysWithValues: ranked.prefix(2).map { ($0.key, $0.value) })
            kept.decided = false
            return kept
        }
    }
}

/// `apiary eval`: routes labelled requests and measures each strategy alone and the cascade.
public enum RoutingEvaluation {
    /// Problems with the labelled file's labels.
    public enum Problem: Error, CustomStringConvertible, Sendable, Equatable {
        case unknownLabel(label: String, id: String?, line: Int?, domains: [String])
        case noExamples

        public var description: String {
            switch self {
            case .unknownLabel(let label, let id, let line, let domains):
                let place = [line.map { "line \($0)" }, id.map { "ticket '\($0)'" }].compactMap { $0 }.joined(separator: ", ")
                return "\(place.isEmpty ? "" : place + ": ")domain '\(label)' is neither a domain of the swarm ("
                    + domains.joined(separator: ", ") + ") nor \(Route.outOfScopeLabel)"
            case .noExamples:
                return "no labelled requests to evaluate"
            }
        }
    }

    /// Routes every example with all strategies (`progress` after each). Labels must be the
    /// swarm's domains or `out_of_scope`.
    public static func observe(_ examples: [LabelledExample], router: Router,
                               progress: (Int) -> Void = { _ in }) throws -> [RoutedExample] {
        guard !examples.isEmpty else { throw Problem.noExamples }
        let known = Set(router.domains + [Route.outOfScopeLabel])
        if let bad = examples.first(where: { !known.contains($0.domain) }) {
            throw Problem.unknownLabel(label: bad.domain, id: bad.id, line: bad.line, domains: router.domains)
        }
        var routed: [RoutedExample] = []
        for (i, example) in examples.enumerated() {
            let route = try router.route(example.text, all: true)
            routed.append(RoutedExample(example: example, entries: route.strategies))
            progress(i + 1)
        }
        return routed
    }

    /// How the cascade (`strategies` nil: all of them, in order) or one strategy alone decides
    /// `routed` under `spec`'s thresholds. A strategy alone decides as it would first in the cascade.
    public static func outcomes(_ routed: [RoutedExample], spec: RouterSpec, strategy: String? = nil) -> [RoutingOutcome] {
        routed.map { item in
            let entries = strategy.map { name in item.entries.filter { $0.strategy == name } } ?? item.entries
            var used = Set<Int>()
            let decision = spec.decide(strategies: entries.map(\.strategy)) { index -> Route.StrategyScores in
                used.insert(index)
                return entries[index]
            }
            // The scores behind the decision: the deciding strategy's, else the last one consulted.
            let basis = decision.flatMap { d in entries.first { $0.strategy == d.strategy } } ?? used.max().map { entries[$0] }
            let scored = basis?.best.map { (label: $0.label, probability: $0.probability) }
            return RoutingOutcome(gold: item.example.domain, predicted: decision?.label ?? Route.outOfScopeLabel,
                                  scored: scored, seconds: used.reduce(0) { $0 + entries[$1].seconds })
        }
    }

    /// Metrics for each strategy alone, then for the cascade.
    public static func report(_ routed: [RoutedExample], spec: RouterSpec) -> EvaluationReport {
        let names = routed.first?.entries.map(\.strategy) ?? []
        return EvaluationReport(
            count: routed.count,
            outOfScope: routed.filter { $0.example.domain == Route.outOfScopeLabel }.count,
            strategies: names.map { EvaluationReport.Row(strategy: $0, metrics: RoutingMetrics(outcomes(routed, spec: spec, strategy: $0))) },
            cascade: RoutingMetrics(outcomes(routed, spec: spec)),
            thresholds: RouterThresholds(spec))
    }
}

/// `apiary eval --json`: the figures for each strategy alone and for the cascade.
public struct EvaluationReport: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var strategy: String
        public var metrics: RoutingMetrics
    }

    public var count: Int
    public var outOfScope: Int
    public var strategies: [Row]
    public var cascade: RoutingMetrics
    /// The thresholds these figures were computed with.
    public var thresholds: RouterThresholds

    enum CodingKeys: String, CodingKey {
        case count, strategies, cascade, thresholds
        case outOfScope = "out_of_scope"
    }
}
