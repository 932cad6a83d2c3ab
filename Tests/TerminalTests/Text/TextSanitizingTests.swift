import XCTest
@testable import Terminal

/// The one sanitiser every human-readable output of untrusted text goes through.
final class TextSanitizingTests: XCTestCase {
    func testEscapesBellAndC1ControlsBecomeReplacementCharacters() {
        XCTAssertEqual(TextLayout.sanitize("a\u{1B}]52;c;aGk=\u{07}b\u{9B}2J\u{7F}"), "a\u{FFFD}]52;c;aGk=\u{FFFD}b\u{FFFD}2J\u{FFFD}")
        XCTAssertEqual(TextLayout.sanitize("x\u{0}y"), "x\u{FFFD}y")
    }

    func testBidiOverridesAndIsolatesAreShownByName() {
        XCTAssertEqual(TextLayout.sanitize("invoice\u{202E}txt.exe"), "invoice⟨U+202E⟩txt.exe")
        XCTAssertEqual(TextLayout.sanitize("\u{2066}a\u{2069}\u{200F}\u{061C}"), "⟨U+2066⟩a⟨U+2069⟩⟨U+200F⟩⟨U+61C⟩")
    }

    func testNewlinesStayAndOrdinaryTextIsUntouched() {
        XCTAssertEqual(TextLayout.sanitize("héllo 🐝\nשלום\tx\r\n"), "héllo 🐝\nשלום    x\n")
        XCTAssertEqual(TextLayout.singleLine("a\nb\u{1B}c"), "a b\u{FFFD}c")
    }
}
