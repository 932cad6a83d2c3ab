import Foundation

/// Why editing text in the user's editor failed.
public enum ExternalEditorError: Error, CustomStringConvertible, Equatable {
    case cannotWriteTemporaryFile(path: String)
    case editorFailed(command: String, status: Int32)
    case cannotReadBack(path: String)
    /// A signal (SIGINT, SIGQUIT, SIGTERM, SIGHUP) arrived while the editor ran; the
    /// temporary file is gone and nothing was changed. Act on it as the signal asks.
    case interrupted(signal: Int32)

    public var description: String {
        switch self {
        case .cannotWriteTemporaryFile(let path): return "cannot write the temporary file \(path)"
        case .editorFailed(let command, let status): return "editor '\(command)' exited with status \(status); nothing was changed"
        case .cannotReadBack(let path): return "cannot read the edited file \(path) back as UTF-8 text"
        case .interrupted(let signo): return "editing was interrupted (\(Self.signalName(signo))); nothing was changed"
        }
    }

    static func signalName(_ signo: Int32) -> String {
        switch signo {
        case SIGINT: return "SIGINT"
        case SIGQUIT: return "SIGQUIT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(signo)"
        }
    }
}

/// Lets the user edit text in `$EDITOR` (falling back to `vi`).
///
/// The text goes to a private temporary file (mode 0600: it holds customer
/// requests); the editor runs through `/bin/sh` so `EDITOR="code -w"` works,
/// attached to the terminal; the file is read back and removed — also when an
/// interrupting signal arrives meanwhile (see `SignalHold`): the edit then throws
/// `.interrupted` for the caller to clean up and stop.
public enum ExternalEditor {
    /// The editor command from the environment.
    public static var command: String {
        let environment = ProcessInfo.processInfo.environment
        if let editor = environment["EDITOR"], !editor.trimmingCharacters(in: .whitespaces).isEmpty { return editor }
        return "vi"
    }

    /// Opens `text` in the editor and returns what the user saved.
    /// One trailing newline added by the editor is dropped when `text` had none.
    public static func edit(_ text: String, fileSuffix: String = ".txt") throws -> String {
        let hold = SignalHold()
        let edited = Result { try editFile(text, fileSuffix: fileSuffix) }  // the file is removed by now
        if let signo = hold.release() { throw ExternalEditorError.interrupted(signal: signo) }
        return try edited.get()
    }

    private static func editFile(_ text: String, fileSuffix: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory
        let path = directory.appendingPathComponent("apiary-edit-\(UUID().uuidString)\(fileSuffix)").path
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ExternalEditorError.cannotWriteTemporaryFile(path: path)
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let editor = command
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", editor + " \"$1\"", "apiary-editor", path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ExternalEditorError.editorFailed(command: editor, status: process.terminationStatus)
        }
        guard let data = FileManager.default.contents(atPath: path), let edited = String(data: data, encoding: .utf8) else {
            throw ExternalEditorError.cannotReadBack(path: path)
        }
        return trimEditorNewline(edited, original: text)
    }

    /// Editors end files with a newline; don't count that as a change.
    static func trimEditorNewline(_ edited: String, original: String) -> String {
        guard !original.hasSuffix("\n") else { return edited }
        var result = edited
        if result.hasSuffix("\r\n") { result.removeLast() } else if result.hasSuffix("\n") { result.removeLast() }
        return result
    }
}
