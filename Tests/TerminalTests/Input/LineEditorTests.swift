import XCTest
@testable import Terminal

final class LineEditorTests: XCTestCase {
    func testTypingEditingAndSubmitting() {
        var editor = LineEditor()
        for c in "wrong pol" { XCTAssertEqual(editor.handle(.character(c)), .editing) }
        _ = editor.handle(.backspace)
        _ = editor.handle(.character("i"))
        _ = editor.handle(.home)
        _ = editor.handle(.character("("))
        _ = editor.handle(.end)
        _ = editor.handle(.character(")"))
        XCTAssertEqual(editor.handle(.enter), .submitted("(wrong poi)"))
    }

    func testControlWDeletesAWordAndControlUTheLine() {
        var editor = LineEditor("refund policy")
        _ = editor.handle(.control("w"))
        XCTAssertEqual(editor.string, "refund ")
        _ = editor.handle(.control("u"))
        XCTAssertEqual(editor.string, "")
    }

    func testEscapeCancels() {
        var editor = LineEditor("x")
        XCTAssertEqual(editor.handle(.escape), .cancelled)
        XCTAssertEqual(editor.handle(.control("c")), .cancelled)
    }

    func testCursorStaysInBounds() {
        var editor = LineEditor("ab")
        for _ in 0..<5 { _ = editor.handle(.left) }
        XCTAssertEqual(editor.cursor, 0)
        _ = editor.handle(.backspace)
        _ = editor.handle(.delete)
        XCTAssertEqual(editor.string, "b")
        for _ in 0..<5 { _ = editor.handle(.right) }
        XCTAssertEqual(editor.cursor, 1)
    }
}
