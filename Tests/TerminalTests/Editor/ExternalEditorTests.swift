import Foundation
import XCTest
@testable import Terminal

final class ExternalEditorTests: XCTestCase {
    func testTheEditorsTrailingNewlineIsNotAChange() {
        XCTAssertEqual(ExternalEditor.trimEditorNewline("answer\n", original: "answer"), "answer")
        XCTAssertEqual(ExternalEditor.trimEditorNewline("answer\n", original: "answer\n"), "answer\n")
        XCTAssertEqual(ExternalEditor.trimEditorNewline("a\n\n", original: "a"), "a\n")
    }

    func testEditRunsTheEditorOnAPrivateFile() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("editor-\(UUID().uuidString).sh")
        let mode = script.path + ".mode"  // where the editor notes the permissions of the file it was given
        try "#!/bin/sh\nstat -c %a \"$1\" > \"\(mode)\"\nsed -i 's/old/new/' \"$1\"\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script.path)
        defer { try? FileManager.default.removeItem(at: script); try? FileManager.default.removeItem(atPath: mode) }
        setenv("EDITOR", script.path, 1)
        defer { unsetenv("EDITOR") }
        XCTAssertEqual(try ExternalEditor.edit("the old answer"), "the new answer")
        XCTAssertEqual(try String(contentsOfFile: mode, encoding: .utf8), "600\n")
    }

    func testAFailingEditorIsAnError() {
        setenv("EDITOR", "false", 1)
        defer { unsetenv("EDITOR") }
        XCTAssertThrowsError(try ExternalEditor.edit("x")) { error in
            XCTAssertEqual(error as? ExternalEditorError, .editorFailed(command: "false", status: 1))
        }
    }

    /// A signal to this process while the editor runs (here the editor sends it, noting the file
    /// it was given) is held, not fatal: the file is removed, the edit throws `.interrupted`,
    /// and the handler that was there before is back.
    func testASignalWhileEditingRemovesTheFileAndIsReported() throws {
        let noted = FileManager.default.temporaryDirectory.appendingPathComponent("editor-\(UUID().uuidString).path").path
        defer { try? FileManager.default.removeItem(atPath: noted) }
        for signo in SignalHold.signals {
            var before = sigaction()
            sigaction(signo, nil, &before)
            setenv("EDITOR", "f() { printf %s \"$1\" > \(noted); kill -\(signo) \(getpid()); }; f", 1)
            defer { unsetenv("EDITOR") }
            XCTAssertThrowsError(try ExternalEditor.edit("the answer")) { error in
                XCTAssertEqual(error as? ExternalEditorError, .interrupted(signal: signo))
            }
            let given = try String(contentsOfFile: noted, encoding: .utf8)
            XCTAssertTrue(given.contains("apiary-edit-"), given)
            XCTAssertFalse(FileManager.default.fileExists(atPath: given), "the temporary file is left: \(given)")
            var current = sigaction()
            sigaction(signo, nil, &current)
            XCTAssertEqual(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self),
                           unsafeBitCast(before.__sigaction_handler.sa_handler, to: Int.self), "the previous handler is back for \(signo)")
        }
        XCTAssertEqual("\(ExternalEditorError.interrupted(signal: SIGTERM))", "editing was interrupted (SIGTERM); nothing was changed")
    }
}
