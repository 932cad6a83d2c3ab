/// One way of scoring a request against the domains.
protocol RoutingStrategy: Sendable {
    var name: String { get }
    /// Probabilities per label; an empty result means the strategy abstains
    /// (e.g. no keyword matched).
    func scores(for text: String) throws -> [String: Double]
}

/// Lower-cased words (letters and digits) of a text, the unit the rules and
/// the classifier work on.
enum TextFeatures {
    static func words(_ text: String) -> [Substring] {
        let lowered = text.lowercased()
        return lowered.split { !($0.isLetter || $0.isNumber) }
    }
}
