import Foundation

/// The routing cascade: strategies run in the configured order and the first
/// that is confident enough (probability ≥ its minimum, margin over the
/// runner-up ≥ `minMargin`) decides. A strategy that decides "out of scope"
/// ends the cascade too; when none decides, the out-of-scope rule applies.
/// With `router.min_similarity`, the embedding strategy runs first and a
/// request whose in-scope evidence is under it is out of scope whatever
/// the other strategies say; with `router.confident_similarity`, the
/// embedding decides only requests with at least that much evidence.
public struct Router: Sendable {
    let spec: RouterSpec
    let strategies: [any RoutingStrategy]
    let domains: [String]

    init(spec: RouterSpec, strategies: [any RoutingStrategy], domains: [String]) {
        self.spec = spec
        self.strategies = strategies
        self.domains = domains
    }

    /// Routes one (already redacted) request. With `all`, every strategy runs
    /// even after one decided (for `apiary route --json` and evaluation).
    public func route(_ text: String, all: Bool = false) throws -> Route {
        let start = Date()
        var computed: [Int: Route.StrategyScores] = [:]
        let entry = { (index: Int) throws -> Route.StrategyScores in
            if let done = computed[index] { return done }
            let began = Date()
            let evaluation = try strategies[index].evaluate(text)
            let scores = Route.StrategyScores(strategy: strategies[index].name, scores: evaluation.scores, decided: false,
                                              seconds: Date().timeIntervalSince(began), similarity: evaluation.similarity)
            computed[index] = scores
            return scores
        }
        let decision = try spec.decide(strategies: strategies.map(\.name), entry: entry)
        if all {
            for index in strategies.indices { _ = try entry(index) }
        }
        var results = strategies.indices.compactMap { computed[$0] }
        if let decision, let index = results.firstIndex(where: { $0.strategy == decision.strategy }) {
            results[index].decided = true
        }
        let seconds = Date().timeIntervalSince(start)
        return spec.route(decision, strategies: results, seconds: seconds)
    }
}

/// What the cascade decided: a label (a domain or `Route.outOfScopeLabel`), its
/// probability and the strategy that decided.
public struct RoutingDecision: Sendable, Equatable {
    public var label: String
    public var probability: Double
    public var strategy: String
}

extension RouterSpec {
    /// The minimum probability for `strategy` to decide.
    public func minimumConfidence(for strategy: String) -> Double {
        strategyConfidence[strategy] ?? minConfidence
    }

    /// The label `entry` decides on its own, if its best label is confident enough.
    public func confidentLabel(_ entry: Route.StrategyScores) -> (label: String, probability: Double)? {
        guard let best = entry.best else { return nil }
        if let cut = confidentSimilarity, let similarity = entry.similarity, similarity < cut { return nil }
        guard best.probability >= minimumConfidence(for: entry.strategy), best.probability - best.runnerUp >= minMargin else {
            return nil
        }
        return (best.label, best.probability)
    }

    /// True when `entry` is the embedding strategy's and its in-scope evidence is under
    /// `minSimilarity`.
    public func isTooFar(_ entry: Route.StrategyScores) -> Bool {
        guard let cut = minSimilarity, let similarity = entry.similarity else { return false }
        return similarity < cut
    }

    /// The cascade over `strategies` (names in order), reading the i-th strategy's scores from
    /// `entry` only when needed. The one decision rule: the router and `apiary eval` both use it.
    public func decide(strategies: [String], entry: (Int) throws -> Route.StrategyScores) rethrows -> RoutingDecision? {
        if minSimilarity != nil, let gate = strategies.firstIndex(of: "embedding") {
            let evidence = try entry(gate)
            if isTooFar(evidence) {
                // The evidence can fall below 0 (or rise above 1): the confidence stays a probability.
                let probability = min(1, max(0, 1 - (evidence.similarity ?? 0)))
                return RoutingDecision(label: Route.outOfScopeLabel, probability: probability, strategy: evidence.strategy)
            }
        }
        for index in strategies.indices {
            let scores = try entry(index)
            if let (label, probability) = confidentLabel(scores) {
                return RoutingDecision(label: label, probability: probability, strategy: scores.strategy)
            }
        }
        return nil
    }

    /// The route for a decision (nil: nobody was confident), applying the out-of-scope rule.
    func route(_ decision: RoutingDecision?, strategies results: [Route.StrategyScores], seconds: Double) -> Route {
        if let decision, decision.label != Route.outOfScopeLabel {
            return Route(domain: decision.label, confidence: decision.probability, strategy: decision.strategy,
                         action: .answer, strategies: results, seconds: seconds)
        }
        // Out of scope: decided so by a strategy, or nobody was confident.
        let confidence = decision?.probability ?? 0
        let strategy = decision?.strategy ?? "none"
        switch outOfScope {
        case .fallback(let domain):
            return Route(domain: domain, confidence: confidence, strategy: strategy, action: .answer, strategies: results, seconds: seconds)
        case .refuse:
            return Route(domain: nil, confidence: confidence, strategy: strategy, action: .refuse, strategies: results, seconds: seconds)
        case .review:
            return Route(domain: nil, confidence: confidence, strategy: strategy, action: .review, strategies: results, seconds: seconds)
        }
    }
}
