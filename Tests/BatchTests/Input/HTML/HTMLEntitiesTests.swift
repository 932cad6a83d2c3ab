import XCTest
@testable import Batch

final class HTMLEntitiesTests: XCTestCase {
    private func decode(_ body: String) -> String? {
        HTMLEntities.decode(ArraySlice(body.utf8))
    }

    func testNamedEntitiesAreCaseSensitive() {
        XCTAssertEqual(decode("auml"), "ä")
        XCTAssertEqual(decode("Auml"), "Ä")
        XCTAssertNil(decode("AMP"))
        XCTAssertEqual(decode("nbsp"), " ")
    }

    func testDecimalAndHexReferences() {
        XCTAssertEqual(decode("#39"), "'")
        XCTAssertEqual(decode("#x1F41D"), "🐝")
        XCTAssertEqual(decode("#X41"), "A")
    }

    func testInvalidCodePointsBecomeTheReplacementCharacter() {
        XCTAssertEqual(decode("#0"), "\u{FFFD}")
        XCTAssertEqual(decode("#xD800"), "\u{FFFD}")
        XCTAssertEqual(decode("#x110000"), "\u{FFFD}")
    }

    func testMalformedReferencesAreNotDecoded() {
        XCTAssertNil(decode("#"))
        XCTAssertNil(decode("#x"))
        XCTAssertNil(decode("#12a"))
        XCTAssertNil(decode("#999999999999"))
        XCTAssertNil(decode(""))
    }
}
