import XCTest
@testable import Swarm

final class PolicyEmailScannerTests: XCTestCase {
    func testFindsAddressesInPlainText() {
        XCTAssertEqual(found(.email, in: "write to jane.doe+hive@example.co.uk."), ["jane.doe+hive@example.co.uk"])
        XCTAssertEqual(found(.email, in: "<bob_smith@mail-server.example.com>"), ["bob_smith@mail-server.example.com"])
        XCTAssertEqual(found(.email, in: "a@b.io, c@d.org"), ["a@b.io", "c@d.org"])
        XCTAssertEqual(found(.email, in: "see...jo@example.com"), ["jo@example.com"])
    }

    func testFindsAddressesInsideMailtoAndURLQueries() {
        XCTAssertEqual(found(.email, in: "mailto:jane@example.com"), ["jane@example.com"])
        XCTAssertEqual(found(.email, in: "https://x.example/reset?user=jane@example.com&t=1"), ["jane@example.com"])
        XCTAssertEqual(found(.email, in: "https://x.example/reset?user=jane%40example.com&t=1"), ["jane%40example.com"])
    }

    func testRejectsThingsThatAreNotAddresses() {
        XCTAssertEqual(found(.email, in: "@handle on twitter"), [])
        XCTAssertEqual(found(.email, in: "jane@localhost"), [])
        XCTAssertEqual(found(.email, in: "jane@example"), [])
        XCTAssertEqual(found(.email, in: "jane@example.c0m"), [])
        XCTAssertEqual(found(.email, in: "jane.@example.com"), [])
        XCTAssertEqual(found(.email, in: "meet @ 5pm"), [])
        XCTAssertEqual(found(.email, in: "bob@10.0.0.1"), [])
        XCTAssertEqual(found(.email, in: "jane@example.co.uk-"), [])
        XCTAssertEqual(found(.email, in: "jane@example.com.123"), [])
        XCTAssertEqual(found(.email, in: "jane@example.comé"), [])
    }
}
