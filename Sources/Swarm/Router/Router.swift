import Foundation

/// The routing cascade: strategies run in the configured order and the first
/// that is confident enough (probability ≥ its minimum, margin over the
/// runner-up ≥ `minMargin`) decides. A strategy that decides "out of scope"
/// ends the cascade too; when none decides, the out-of-scope rule applies.
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
        var results: [Route.StrategyScores] = []
        var decision: (label: String, probability: Double, strategy: String)?
        for strategy in strategies {
            if decision != nil && !all { break }
            let began = Date()
            let scores = try strategy.scores(for: text)
            var entry = Route.StrategyScores(strategy: strategy.name, scores: scores, decided: false,
                                             seconds: Date().timeIntervalSince(began))
            if decision == nil, let best = entry.best {
                let minimum = spec.strategyConfidence[strategy.name] ?? spec.minConfidence
                if best.probability >= minimum, best.probability - best.runnerUp >= spec.minMargin {
                    entry.decided = true
                    decision = (best.label, best.probability, strategy.name)
                }
            }
            results.append(entry)
        }
        let seconds = Date().timeIntervalSince(start)
        if let decision, decision.label != Route.outOfScopeLabel {
            return Route(domain: decision.label, confidence: decision.probability, strategy: decision.strategy,
                         action: .answer, strategies: results, seconds: seconds)
        }
        // Out of scope: decided so by a strategy, or nobody was confident.
        let confidence = decision?.probability ?? 0
        let strategy = decision?.strategy ?? "none"
        switch spec.outOfScope {
        case .fallback(let domain):
            return Route(domain: domain, confidence: confidence, strategy: strategy, action: .answer, strategies: results, seconds: seconds)
        case .refuse:
            return Route(domain: nil, confidence: confidence, strategy: strategy, action: .refuse, strategies: results, seconds: seconds)
        case .review:
            return Route(domain: nil, confidence: confidence, strategy: strategy, action: .review, strategies: results, seconds: seconds)
        }
    }
}
