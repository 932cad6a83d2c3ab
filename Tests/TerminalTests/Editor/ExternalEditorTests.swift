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
}
