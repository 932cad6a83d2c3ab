/// A place in a template's source: 1-based line and column (in characters).
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// Why a chat template could not be parsed or rendered.
///
/// Every case carries the location in the template source, so a user can find
/// the offending tag; `raised` is the template's own `raise_exception(...)`.
public enum TemplateError: Error, Equatable, CustomStringConvertible {
    /// The template text is not valid Jinja (unclosed tag, unexpected token, …).
    case syntax(String, at: SourceLocation)
    /// An expression failed while rendering (unknown filter, bad operand types, …).
    case runtime(String, at: SourceLocation)
    /// A variable or attribute that does not exist was used where a value is needed.
    case undefined(String, at: SourceLocation)
    /// The template called `raise_exception(message)`, e.g. for an unsupported role.
    case raised(String, at: SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .syntax(_, let at), .runtime(_, let at), .undefined(_, let at), .raised(_, let at): return at
        }
    }

    public var description: String {
        switch self {
        case .syntax(let message, let at): return "chat template \(at): syntax error: \(message)"
        case .runtime(let message, let at): return "chat template \(at): \(message)"
        case .undefined(let name, let at): return "chat template \(at): '\(name)' is undefined"
        case .raised(let message, let at): return "chat template \(at): template raised an error: \(message)"
        }
    }
}
