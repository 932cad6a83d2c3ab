import XCTest
@testable import Swarm

final class PolicySSNScannerTests: XCTestCase {
    func testFindsWrittenSSNs() {
        XCTAssertEqual(found(.ssn, in: "my ssn is 123-45-6789."), ["123-45-6789"])
        XCTAssertEqual(found(.ssn, in: "SSN: 078 05 1120"), ["078 05 1120"])
        XCTAssertEqual(found(.ssn, in: "ssn=219-09-9999&x"), ["219-09-9999"])
    }

    func testExcludesRangesNeverIssued() {
        XCTAssertEqual(found(.ssn, in: "000-12-3456"), [])
        XCTAssertEqual(found(.ssn, in: "666-12-3456"), [])
        XCTAssertEqual(found(.ssn, in: "900-12-3456"), [])
        XCTAssertEqual(found(.ssn, in: "999-12-3456"), [])
        XCTAssertEqual(found(.ssn, in: "123-00-4567"), [])
        XCTAssertEqual(found(.ssn, in: "123-45-0000"), [])
        XCTAssertEqual(found(.ssn, in: "899-99-9999"), ["899-99-9999"])
    }

    func testRequiresTheWrittenShape() {
        XCTAssertEqual(found(.ssn, in: "123456789"), [])
        XCTAssertEqual(found(.ssn, in: "123-45 6789"), [])
        XCTAssertEqual(found(.ssn, in: "1234-5-6789"), [])
    }

    func testDoesNotMatchInsideLongerRunsOrWords() {
        XCTAssertEqual(found(.ssn, in: "555-123-45-6789"), [])
        XCTAssertEqual(found(.ssn, in: "123-45-6789-01"), [])
        XCTAssertEqual(found(.ssn, in: "ID123-45-6789"), [])
        XCTAssertEqual(found(.ssn, in: "123-45-6789abc"), [])
    }
}
