import XCTest
@testable import Terminal

final class TextLayoutTests: XCTestCase {
    func testDisplayWidthCountsWideAndZeroWidthCharacters() {
        XCTAssertEqual(TextLayout.displayWidth("abc"), 3)
        XCTAssertEqual(TextLayout.displayWidth("日本"), 4)
        XCTAssertEqual(TextLayout.displayWidth("e\u{301}"), 1)  // e + combining acute
        XCTAssertEqual(TextLayout.displayWidth("🐝"), 2)
        XCTAssertEqual(TextLayout.displayWidth("한글"), 4)
    }

    func testWrapBreaksAtSpacesWithinTheWidth() {
        let lines = TextLayout.wrap("the quick brown fox jumps over the lazy dog", width: 10)
        XCTAssertEqual(lines, ["the quick", "brown fox", "jumps over", "the lazy", "dog"])
        XCTAssertTrue(lines.allSatisfy { TextLayout.displayWidth($0) <= 10 })
    }

    func testWrapKeepsNewlinesAndIndentation() {
        XCTAssertEqual(TextLayout.wrap("a\n\n  b c", width: 20), ["a", "", "  b c"])
    }

    func testWrapBreaksWordsLongerThanTheLine() {
        XCTAssertEqual(TextLayout.wrap("abcdefghij xy", width: 4), ["abcd", "efgh", "ij", "xy"])
    }

    func testWrapByDisplayWidthNotCharacterCount() {
        let lines = TextLayout.wrap("日本語のテキスト", width: 6)
        XCTAssertEqual(lines, ["日本語", "のテキ", "スト"])
    }

    func testSanitizeRemovesEscapeSequencesAndControls() {
        XCTAssertEqual(TextLayout.sanitize("a\u{1B}[2Jb\tc\r\nd\u{7}"), "a\u{FFFD}[2Jb    c\nd\u{FFFD}")
    }

    func testTruncateAndPad() {
        XCTAssertEqual(TextLayout.truncate("abcdef", to: 4), "abc…")
        XCTAssertEqual(TextLayout.truncate("abc", to: 4), "abc")
        XCTAssertEqual(TextLayout.pad("ab", to: 4), "ab  ")
        XCTAssertEqual(TextLayout.pad("日本語", to: 5), "日本…")
        XCTAssertEqual(TextLayout.pad("日本語", to: 4), "日… ")
        XCTAssertEqual(TextLayout.displayWidth(TextLayout.pad("日本語", to: 5)), 5)
    }

    func testFirstLineSkipsBlankLines() {
        XCTAssertEqual(TextLayout.firstLine("\n  \n  Hello there \nsecond"), "Hello there")
    }
}
