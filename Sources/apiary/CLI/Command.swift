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

extension Command {
    /// The one usage line printed after a usage error: the help's first `Usage:` line, or the
    /// command's name when its usage spans several lines.
    static var usage: String {
        let first = help.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        let line = first.trimmingCharacters(in: .whitespaces)
        return line == "Usage:" || line.isEmpty ? "Usage: apiary \(name) …" : line
    }
}
