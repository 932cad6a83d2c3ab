import XCTest
@testable import Terminal

final class ListDetailViewTests: XCTestCase {
    private func visible(_ row: String) -> String {
        // Strip SGR sequences to measure what the user sees.
        var out = ""
        var inEscape = false
        for c in row {
            if inEscape { if c == "m" { inEscape = false }; continue }
            if c == "\u{1B}" { inEscape = true; continue }
            out.append(c)
        }
        return out
    }

    private func view(rows: Int = 30, body: String = "short") -> ListDetailView {
        ListDetailView(title: "apiary review", rows: (1...rows).map { "item \($0)" }, selected: 20,
                       detailTitle: "item 21", sections: [.init("request", body), .init("answer", "ok")],
                       status: "ready", footer: "j/k move  a approve  q quit")
    }

    func testFrameFillsExactly80By24() {
        let frame = view().render(size: WindowSize(columns: 80, rows: 24))
        XCTAssertEqual(frame.count, 24)
        for row in frame { XCTAssertLessThanOrEqual(TextLayout.displayWidth(visible(row)), 80, visible(row)) }
        XCTAssertEqual(TextLayout.displayWidth(visible(frame[0])), 80)
        XCTAssertTrue(visible(frame[23]).hasPrefix("j/k move"))
    }

    func testSelectedRowIsVisibleAndMarked() {
        let frame = view().render(size: WindowSize(columns: 80, rows: 24)).map(visible)
        XCTAssertTrue(frame.contains { $0.hasPrefix("▶ item 21") }, frame.joined(separator: "\n"))
    }

    func testLongDetailIsWrappedAndScrollable() {
        let long = String(repeating: "word ", count: 400)
        var v = view(body: long)
        let size = WindowSize(columns: 80, rows: 24)
        XCTAssertGreaterThan(v.maxDetailScroll(for: size), 10)
        let first = v.render(size: size).map(visible)
        v.detailScroll = v.maxDetailScroll(for: size)
        let last = v.render(size: size).map(visible)
        XCTAssertTrue(first.joined().contains("request"))
        XCTAssertFalse(last.joined().contains("request"), "scrolled past the heading")
        XCTAssertTrue(last.contains { $0.contains("answer") })
        XCTAssertTrue(first.contains { $0.contains("(lines 1–") }, "divider shows the scroll position")
        v.detailScroll = 10_000
        XCTAssertEqual(v.render(size: size).map(visible), last, "scroll is clamped")
    }

    func testTinyScreenStillGetsExactlyItsRows() {
        XCTAssertEqual(view().render(size: WindowSize(columns: 20, rows: 5)).count, 5)
    }

    func testTextFromTicketsCannotInjectEscapes() {
        var v = view()
        v.rows = ["evil \u{1B}[2J row"]
        v.selected = 0
        let frame = v.render(size: WindowSize(columns: 80, rows: 24))
        XCTAssertFalse(frame.joined().contains("\u{1B}[2J"))
    }
}

/// A list longer than memory should hold is drawn from the page on screen.
final class ListDetailViewPagingTests: XCTestCase {
    func testAPageOfALongListDrawsLikeTheWholeList() {
        let size = WindowSize(columns: 60, rows: 24)
        let all = (0..<100_000).map { "row \($0)" }
        for selected in [0, 5, 50_000, 99_999] {
            let height = ListDetailView.listHeight(for: size, rowCount: all.count)
            let top = ListDetailView.firstVisibleRow(selected: selected, rowCount: all.count, height: height)
            let whole = ListDetailView(title: "t", rows: all, selected: selected).render(size: size)
            let paged = ListDetailView(title: "t", rows: Array(all[top..<(top + height)]), rowCount: all.count,
                                       firstRow: top, selected: selected).render(size: size)
            XCTAssertEqual(paged, whole, "selected \(selected)")
            XCTAssertTrue(paged.contains { $0.contains("row \(selected)") })
        }
    }

    func testTitleAndStatusCannotCarryEscapes() {
        var view = ListDetailView(title: "db \u{1B}]0;x\u{07}", rows: [])
        view.status = "error: \u{1B}[2J"
        let frame = view.render(size: WindowSize(columns: 40, rows: 12)).joined()
        XCTAssertFalse(frame.contains("\u{1B}]0;"))
        XCTAssertFalse(frame.contains("\u{1B}[2J"))
    }
}
