/// Errors the command line reports itself. Errors from the library targets
/// are printed through their own `description`.
enum CLIError: Error, CustomStringConvertible {
    /// The command line is malformed; the command's usage is shown.
    case usage(String)
    /// A well-formed request that cannot be carried out (missing file, …).
    case failed(String)

    var description: String {
        switch self {
        case .usage(let message), .failed(let message): return message
        }
    }
}
