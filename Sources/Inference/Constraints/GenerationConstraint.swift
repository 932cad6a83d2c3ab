/// Restricts what a generation may produce: before each token is sampled the
/// constraint removes every token that cannot continue a valid output.
///
/// `TextGenerator` calls `mask` before sampling and `accept` after, stops when
/// the output is complete and nothing can extend it, and reports
/// `.constraintIncomplete` when it has to stop before the output is complete —
/// so a constrained answer is never returned as finished unless it is valid.
public protocol GenerationConstraint {
    /// Sets the logits of tokens that cannot continue a valid output to -infinity
    /// (end-of-generation tokens are allowed only when `isComplete`).
    mutating func mask(_ logits: inout [Float])
    /// Advances past the chosen token; throws when the token cannot continue the output.
    mutating func accept(_ token: Int32) throws
    /// Whether the output so far is a complete valid value.
    var isComplete: Bool { get }
    /// Whether any more text could extend the output (false after a closing `}`
    /// or the last byte of the only matching choice): generation then stops.
    var canContinue: Bool { get }
}

/// Why a constraint could not be built or applied.
public enum ConstraintError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A JSON-schema keyword outside the supported subset; `pointer` names it (`#/properties/id/pattern`).
    case unsupportedKeyword(pointer: String, keyword: String, reason: String?)
    /// A schema value that is malformed or cannot be satisfied.
    case invalidSchema(pointer: String, message: String)
    /// A choice list that cannot be used.
    case invalidChoices(String)
    /// The generator chose a token the constraint had excluded (or none was left).
    case rejectedToken(token: Int32, piece: String, offset: Int)
    /// Stop strings would cut a constrained output at an arbitrary place.
    case stopStringsWithConstraint

    public var description: String {
        switch self {
        case .unsupportedKeyword(let pointer, let keyword, let reason):
            return "\(pointer): keyword '\(keyword)' is not supported" + (reason.map { " (\($0))" } ?? "")
        case .invalidSchema(let pointer, let message):
            return "\(pointer): \(message)"
        case .invalidChoices(let message):
            return "invalid choices: \(message)"
        case .rejectedToken(let token, let piece, let offset):
            return "token \(token) \(piece.debugDescription) cannot continue the constrained output at byte \(offset)"
        case .stopStringsWithConstraint:
            return "stop strings cannot be combined with a constraint: the constraint decides where the output ends"
        }
    }
}
