import Foundation

/// A user-supplied regular expression that answers must not match, compiled when the policy is
/// loaded (ICU syntax, case-insensitive). A pattern that does not compile is a load error at
/// its position in the policy file, never a check that silently never fires.
public struct BannedPattern: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable once built and documented as safe to use
    // from several threads at once; it is just not annotated Sendable on every platform.

    /// The pattern as written in the policy file.
    public let pattern: String
    private let expression: NSRegularExpression

    /// Compiles `pattern`; `nil` if it is not a valid regular expression.
    public init?(_ pattern: String) {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else {
            return nil
        }
        self.expression = expression
        self.pattern = pattern
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
