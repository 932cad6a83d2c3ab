import TOML

/// Why a policy file could not be loaded.
public enum PolicyError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file was read but is not a valid policy: every problem found, in file order, each
    /// with its `file:line:column`.
    case invalid([TOMLError])

    /// One line per problem, e.g.
    /// `policies/default.toml:12:10: error: pii.action must be one of redact, flag, block`.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): error: cannot read policy file: \(reason)"
        case .invalid(let problems):
            return problems.map(\.description).joined(separator: "\n")
        }
    }

    /// The individual problems (one for an unreadable file).
    public var problems: [String] {
        switch self {
        case .unreadable: return [description]
        case .invalid(let problems): return problems.map(\.description)
        }
    }
}
