import XCTest
@testable import Terminal

final class ProgressBarTests: XCTestCase {
    func testLineShowsCountsPercentRateAndETA() {
        let bar = ProgressBar(total: 1000)
        let line = bar.line(done: 250, elapsed: 50, width: 60)
        XCTAssertTrue(line.hasSuffix("  250/1000  25%  5.0/s  ETA 2:30"), line)
        XCTAssertEqual(TextLayout.displayWidth(line), 60)
        let inside = line.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
        XCTAssertEqual(inside.filter { $0 == "#" }.count, inside.count / 4, "a quarter of the bar is filled")
    }

    func testFinishedBarShowsTheTotalTime() {
        let line = ProgressBar(total: 10, label: "job").line(done: 10, elapsed: 65, width: 50)
        XCTAssertTrue(line.hasPrefix("job [##########"), line)
        XCTAssertTrue(line.hasSuffix("10/10  100%  9.2/min  in 1:05"), line)
    }

    func testUnknownRateHasNoETA() {
        XCTAssertNil(ProgressBar(total: 10).eta(done: 0, elapsed: 5))
        XCTAssertTrue(ProgressBar(total: 10).line(done: 0, elapsed: 0, width: 60).hasSuffix("ETA --:--"))
    }

    func testNarrowWidthDropsTheBarButKeepsCounts() {
        let line = ProgressBar(total: 100).line(done: 5, elapsed: 1, width: 30)
        XCTAssertFalse(line.contains("["), line)
        XCTAssertLessThanOrEqual(TextLayout.displayWidth(line), 30)
    }

    func testRateFormatting() {
        XCTAssertEqual(ProgressBar.formatRate(1234), "1234/s")
        XCTAssertEqual(ProgressBar.formatRate(8.46), "8.5/s")
        XCTAssertEqual(ProgressBar.formatRate(0.5), "30.0/min")
    }
}
