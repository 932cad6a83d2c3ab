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
    /// The one usage line printed after a usage error: the help's first `Usage:` line; for a
    /// command whose usage lists its subcommands (`apiary queue list …`), the line of the
    /// subcommand given (`words` are the arguments after the command's name), else the first.
    static func usage(for words: [String]) -> String {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.first, first == "Usage:" else { return lines.first ?? "Usage: apiary \(name)" }
        let listed = lines.dropFirst().prefix { !$0.isEmpty }
        let sub = words.first { !$0.hasPrefix("-") }
        let given = sub.flatMap { sub in listed.first { $0 == "apiary \(name) \(sub)" || $0.hasPrefix("apiary \(name) \(sub) ") } }
        let line = given ?? listed.first ?? "apiary \(name) …"
        return "Usage: " + line
    }
}
