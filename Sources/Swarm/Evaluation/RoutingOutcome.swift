/// One labelled request as a routing rule (a strategy alone, or the cascade) handled it:
/// what the metrics are computed from.
public struct RoutingOutcome: Sendable, Equatable {
    /// The true label: a domain or `Route.outOfScopeLabel`.
    public var gold: String
    /// The label decided: a domain, or `Route.outOfScopeLabel` (decided so, or nobody confident).
    public var predicted: String
    /// The probability behind the scores' own best label and that label, when there were scores:
    /// calibration asks whether such probabilities come true, whatever the thresholds.
    public var scored: (label: String, probability: Double)?
    /// Seconds the rule spent on the request.
    public var seconds: Double

    public init(gold: String, predicted: String, scored: (label: String, probability: Double)? = nil, seconds: Double = 0) {
        self.gold = gold
        self.predicted = predicted
        self.scored = scored
        self.seconds = seconds
    }

    public static func == (a: RoutingOutcome, b: RoutingOutcome) -> Bool {
        a.gold == b.gold && a.predicted == b.predicted && a.seconds == b.seconds
            && a.scored?.label == b.scored?.label && a.scored?.probability == b.scored?.probability
    }
}
