import XCTest
@testable import Batch

final class UTF8ValidationTests: XCTestCase {
    func testValidTextHasNoInvalidOffset() {
        XCTAssertNil(UTF8Validation.firstInvalidOffset(in: Array("héllo 🐝".utf8)))
        XCTAssertEqual(UTF8Validation.string(Array("héllo".utf8)), "héllo")
    }

    func testOffsetOfTheFirstBadSequence() {
        XCTAssertEqual(UTF8Validation.firstInvalidOffset(in: [0x61, 0x62, 0xFF]), 2)          // never valid
        XCTAssertEqual(UTF8Validation.firstInvalidOffset(in: [0x61, 0xC3, 0x28]), 1)          // bad continuation
        XCTAssertEqual(UTF8Validation.firstInvalidOffset(in: [0xC3, 0xA9, 0xE2, 0x82]), 2)    // truncated at the end
        XCTAssertEqual(UTF8Validation.firstInvalidOffset(in: [0xED, 0xA0, 0x80]), 0)          // encoded surrogate
        XCTAssertEqual(UTF8Validation.firstInvalidOffset(in: [0xC0, 0xAF]), 0)                // overlong
        XCTAssertNil(UTF8Validation.string([0x61, 0xC3, 0x28]))
    }
}
