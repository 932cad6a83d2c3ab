import XCTest
@testable import Terminal

final class FrameRendererTests: XCTestCase {
    func testOnlyChangedRowsAreRedrawn() {
        var renderer = FrameRenderer()
        let first = renderer.update(to: ["a", "b", "c"])
        XCTAssertTrue(first.contains(ANSI.clearScreen))
        let second = renderer.update(to: ["a", "B", "c"])
        XCTAssertEqual(second, ANSI.moveTo(row: 2, column: 1) + ANSI.reset + "B" + ANSI.reset + ANSI.clearToEndOfLine)
        XCTAssertEqual(renderer.update(to: ["a", "B", "c"]), "")
        renderer.invalidate()
        XCTAssertTrue(renderer.update(to: ["a", "B", "c"]).contains(ANSI.clearScreen))
    }

    func testStylesProduceSGRSequences() {
        XCTAssertEqual(ANSI.Style(bold: true, color: .red).sequence, "\u{1B}[0;1;31m")
        XCTAssertEqual(ANSI.styled("x", .plain), "x")
        XCTAssertEqual(ANSI.moveTo(row: 3, column: 7), "\u{1B}[3;7H")
    }
}
