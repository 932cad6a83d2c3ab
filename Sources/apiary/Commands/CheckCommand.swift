import Batch
import Swarm

/// `apiary check SWARM`
enum CheckCommand: Command {
    static let name = "check"
    static let summary = "Validate a swarm file and everything it refers to"
    static let help = """
    Usage: apiary check SWARM

    Validates the swarm file SWARM (TOML): its schema and values, references
    between sections (domains → specialists → models), regular expressions,
    and the files it names (model headers load, the policy and examples files
    exist). Every problem is printed as

        path:line:column: error: message

    Exit status: 0 when the file is clean, 1 when any error was found.

    Example:
      apiary check swarms/support.toml
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let files = try arguments.positionals()
        guard files.count == 1 else { throw CLIError.usage(files.isEmpty ? "missing SWARM file" : "expected one SWARM file") }
        let (spec, diagnostics) = SwarmCheck.run(path: files[0])
        for diagnostic in diagnostics { Output.error(diagnostic.description) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            Output.error("\(files[0]): \(errors) error\(errors == 1 ? "" : "s")")
            return 1
        }
        if let spec {
            Output.line("\(files[0]): ok — \(spec.domains.count) domains, \(spec.specialists.count) specialists, \(spec.models.count) models, router \(spec.router.strategies.map(\.name).joined(separator: " → "))")
            let input = try BatchCommand.readingOptions(format: nil, idField: nil, textFields: nil, input: spec.input).swarmInput
            Output.line("input: " + (input?.summary ?? "no [input] table; exports use their own fields, "
                                     + "generic files are guessed from their column names; --id/--text override"))
        }
        return 0
    }
}
