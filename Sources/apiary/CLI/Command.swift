/// One `apiary` subcommand.
protocol Command: Sendable {
    /// The word after `apiary` (`generate`, `queue`).
    static var name: String { get }
    /// One line for `apiary --help`.
    static var summary: String { get }
    /// Full help text, starting with the usage line(s).
    static var help: String { get }
    /// Runs the command; returns the process exit status.
    static func run(_ arguments: inout ArgumentList) throws -> Int32
}
