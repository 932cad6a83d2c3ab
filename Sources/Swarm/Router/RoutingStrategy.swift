/// One way of scoring a request against the domains.
protocol RoutingStrategy: Sendable {
    var name: String { get }
    /// Probabilities per label; an empty result means the strategy abstains
    /// (e.g. no keyword matched).
    func scores(for text: String) throws -> [String: Double]
    /// The scores and any out-of-scope evidence (what the router records).
    func evaluate(_ text: String) throws -> StrategyEvaluation
}

/// What one strategy found for a request.
struct StrategyEvaluation {
    var scores: [String: Double]
    /// How clearly the request is in scope (`embedding` only; see `EmbeddingStrategy`).
    var similarity: Double?
}

extension RoutingStrategy {
    func evaluate(_ text: String) throws -> StrategyEvaluation {
        StrategyEvaluation(scores: try scores(for: text), similarity: nil)
    }
}

/// Lower-cased words (letters and digits) of a text, the unit the rules and
/// the classifier work on.
enum TextFeatures {
    static func words(_ text: String) -> [Substring] {
        let lowered = text.lowercased()
        return lowered.split { !($0.isLetter || $0.isNumber) }
    }
}
