import Foundation
import Terminal
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `apiary COMMAND [ARGS]` — the only place errors become messages and exit codes.
func runApiary(_ argv: [String]) -> Int32 {
    let words = Array(argv.dropFirst())
    guard let first = words.first, first != "--help", first != "-h", first != "help" else {
        if words.count >= 2, let command = CommandTable.command(named: words[1]) {
            Output.line(command.help)
        } else {
            Output.line(overview)
        }
        return 0
    }
    if first == "--version" {
        Output.line("apiary 0.1.0")
        return 0
    }
    guard let command = CommandTable.command(named: first) else {
        Output.error("apiary: error: unknown command '\(first)'\n\n\(overview)")
        return 2
    }
    var arguments = ArgumentList(Array(words.dropFirst()))
    if arguments.flag("--help") || arguments.flag("-h") {
        Output.line(command.help)
        return 0
    }
    do {
        return try command.run(&arguments)
    } catch let error as CLIError {
        // Messages may quote the user's input or a file's content: printed sanitised.
        if case .usage = error {
            Output.error(TextLayout.sanitize("apiary \(command.name): error: \(error)\n\(command.usage(for: Array(words.dropFirst())))\n"
                         + "Run 'apiary help \(command.name)' for the options."))
            return 2
        }
        Output.error(TextLayout.sanitize("apiary \(command.name): error: \(error)"))
        return 1
    } catch {
        Output.error(TextLayout.sanitize("apiary \(command.name): error: \(error)"))
        return 1
    }
}

let overview: String = {
    var text = """
    apiary — run swarms of small language models offline

    Usage: apiary COMMAND [OPTIONS]

    Commands:

    """
    let width = (CommandTable.all.map { $0.name.count }.max() ?? 0) + 2
    for command in CommandTable.all {
        text += "  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + command.summary + "\n"
    }
    text += "\nRun 'apiary help COMMAND' or 'apiary COMMAND --help' for a command's options."
    return text
}()

exit(runApiary(CommandLine.arguments))
