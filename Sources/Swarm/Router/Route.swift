/// Where the router sent a request, and why.
public struct Route: Sendable {
    /// One strategy's view: a probability per label (domains, and
    /// `Route.outOfScopeLabel` when the strategy can say "none of these").
    public struct StrategyScores: Sendable {
        public var strategy: String
        public var scores: [String: Double]
        /// Whether this strategy was confident enough to decide.
        public var decided: Bool
        public var seconds: Double
        /// `embedding`: its in-scope evidence (see `EmbeddingStrategy`), which
        /// `router.min_similarity` is compared with; nil for the other strategies.
        public var similarity: Double?

        public init(strategy: String, scores: [String: Double], decided: Bool, seconds: Double, similarity: Double? = nil) {
            self.strategy = strategy
            self.scores = scores
            self.decided = decided
            self.seconds = seconds
            self.similarity = similarity
        }

        /// Best label and its probability, and the runner-up's probability.
        public var best: (label: String, probability: Double, runnerUp: Double)? {
            let sorted = scores.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            guard let first = sorted.first else { return nil }
            return (first.key, first.value, sorted.dropFirst().first?.value ?? 0)
        }
    }

    /// What happens to the request.
    public enum Action: String, Sendable {
        /// A specialist answers it.
        case answer
        /// Out of scope: the configured refusal is the answer.
        case refuse
        /// Out of scope: a human handles it.
        case review
    }

    public static let outOfScopeLabel = "out_of_scope"

    /// The domain that handles the request; nil when out of scope.
    public var domain: String?
    public var confidence: Double
    /// The strategy that decided, or "none" when no strategy was confident.
    public var strategy: String
    public var action: Action
    /// Every strategy that ran, in cascade order.
    public var strategies: [StrategyScores]
    public var seconds: Double
}
