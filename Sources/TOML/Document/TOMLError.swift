/// Everything that can go wrong reading a TOML document or looking values up in it.
///
/// Every case carries the position it refers to. `description` reads like a compiler's
/// diagnostic, e.g. `swarm.toml:3:7: error: expected '=' after key, found 'x'`; errors that
/// involve a second place (a duplicate key) add a `note:` line pointing at it.
public enum TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text does not follow TOML syntax: what was found where something else was expected.
    case unexpected(found: String, expected: String, at: TOMLPosition)
    /// The bytes are not valid UTF-8 (or a byte-order mark appears after the start).
    case invalidEncoding(String, at: TOMLPosition)
    /// A syntactically recognisable value that TOML rejects: an integer that overflows 64 bits,
    /// February 30th, an escape that is not a Unicode scalar, a control character in a string.
    case invalidValue(String, at: TOMLPosition)
    /// A key defined twice in the same table.
    case duplicateKey(String, at: TOMLPosition, firstDefinedAt: TOMLPosition)
    /// A table, array of tables or dotted key that conflicts with an earlier definition of the
    /// same name (`[a]` twice, `[[a]]` after `a = 1`, dotted keys into a `[header]` table …).
    case conflictingDefinition(String, at: TOMLPosition, firstDefinedAt: TOMLPosition)
    /// Arrays, inline tables or tables nested deeper than `limit`.
    case nestingTooDeep(limit: Int, at: TOMLPosition)
    /// A required key is absent; `table` names the table (`[router]`, or `the document`).
    case missingKey(String, table: String, at: TOMLPosition)
    /// A key's value has another type than the caller required.
    case typeMismatch(key: String, expected: String, found: String, at: TOMLPosition)
    /// A finding of a later layer (a swarm file's rules) about a value, made with
    /// `TOMLValue.error(_:)` or `TOMLPosition`.
    case invalid(String, at: TOMLPosition)

    /// Where the error is.
    public var position: TOMLPosition {
        switch self {
        case .unexpected(_, _, let at), .invalidEncoding(_, let at), .invalidValue(_, let at),
             .duplicateKey(_, let at, _), .conflictingDefinition(_, let at, _),
             .nestingTooDeep(_, let at), .missingKey(_, _, let at), .typeMismatch(_, _, _, let at),
             .invalid(_, let at):
            return at
        }
    }

    /// The message without position, e.g. `expected '=' after key, found 'x'`; an earlier
    /// definition involved is named by its line and column.
    public var message: String {
        switch self {
        case .duplicateKey(_, _, let first), .conflictingDefinition(_, _, let first):
            return "\(headline) (first defined at \(first.lineAndColumn))"
        default:
            return headline
        }
    }

    /// The message without references to other places (those become `note:` lines).
    private var headline: String {
        switch self {
        case .unexpected(let found, let expected, _):
            return "expected \(expected), found \(found)"
        case .invalidEncoding(let text, _), .invalidValue(let text, _), .invalid(let text, _),
             .conflictingDefinition(let text, _, _):
            return text
        case .duplicateKey(let key, _, _):
            return "duplicate key '\(key)'"
        case .nestingTooDeep(let limit, _):
            return "arrays and tables nested more than \(limit) levels deep"
        case .missingKey(let key, let table, _):
            return "missing key '\(key)' in \(table)"
        case .typeMismatch(let key, let expected, let found, _):
            return "'\(key)' must be \(expected), found \(found)"
        }
    }

    /// `file:line:column: error: message`, plus a `note:` line for the earlier definition of a
    /// duplicate or conflicting key.
    public var description: String {
        let main = position.diagnostic(headline)
        switch self {
        case .duplicateKey(let key, _, let first):
            return main + "\n" + first.diagnostic("'\(key)' first defined here", severity: "note")
        case .conflictingDefinition(_, _, let first):
            return main + "\n" + first.diagnostic("first defined here", severity: "note")
        default:
            return main
        }
    }
}
