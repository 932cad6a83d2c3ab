import XCTest
@testable import Terminal

final class DurationTextTests: XCTestCase {
    func testCompactDurations() {
        XCTAssertEqual(DurationText.compact(42.9), "42s")
        XCTAssertEqual(DurationText.compact(125), "2m05s")
        XCTAssertEqual(DurationText.compact(1800), "30m")
        XCTAssertEqual(DurationText.compact(3 * 3600 + 5 * 60), "3h05m")
        XCTAssertEqual(DurationText.compact(2 * 86_400 + 10), "2d")
        XCTAssertEqual(DurationText.compact(-1), "-")
    }

    func testClock() {
        XCTAssertEqual(DurationText.clock(42), "0:42")
        XCTAssertEqual(DurationText.clock(725), "12:05")
        XCTAssertEqual(DurationText.clock(3723), "1:02:03")
        XCTAssertEqual(DurationText.clock(.infinity), "--:--")
    }
}
