import XCTest
@testable import Swarm

final class PolicyPhoneScannerTests: XCTestCase {
    func testFindsInternationalNumbers() {
        XCTAssertEqual(found(.phone, in: "call +44 20 7946 0958 now"), ["+44 20 7946 0958"])
        XCTAssertEqual(found(.phone, in: "call +447700900123"), ["+447700900123"])
        XCTAssertEqual(found(.phone, in: "+1 (555) 123-4567"), ["+1 (555) 123-4567"])
        XCTAssertEqual(found(.phone, in: "+44 (0)20 7946 0958"), ["+44 (0)20 7946 0958"])
        XCTAssertEqual(found(.phone, in: "+49-30-901820"), ["+49-30-901820"])
        XCTAssertEqual(found(.phone, in: "0044 20 7946 0958"), ["0044 20 7946 0958"])
        XCTAssertEqual(found(.phone, in: "tel:+33123456789"), ["+33123456789"])
    }

    func testFindsNationalNumbersWithSeparators() {
        XCTAssertEqual(found(.phone, in: "(555) 123-4567"), ["(555) 123-4567"])
        XCTAssertEqual(found(.phone, in: "555-123-4567."), ["555-123-4567"])
        XCTAssertEqual(found(.phone, in: "555.123.4567"), ["555.123.4567"])
        XCTAssertEqual(found(.phone, in: "020 7946 0958"), ["020 7946 0958"])
        XCTAssertEqual(found(.phone, in: "1-800-555-0199"), ["1-800-555-0199"])
        XCTAssertEqual(found(.phone, in: "01 23 45 67 89"), ["01 23 45 67 89"])
        XCTAssertEqual(found(.phone, in: "07700 900123"), ["07700 900123"])
    }

    func testLeavesOrderNumbersAlone() {
        XCTAssertEqual(found(.phone, in: "order 5551234567"), [])
        XCTAssertEqual(found(.phone, in: "order #555-123-4567"), [])
        XCTAssertEqual(found(.phone, in: "order HS-5551234567"), [])
        XCTAssertEqual(found(.phone, in: "call 555-0199"), [])
        XCTAssertEqual(found(.phone, in: "+0 123 456 789"), [])
        XCTAssertEqual(found(.phone, in: "tracking 1Z 999 AA1 01 2345 6784"), [])
        XCTAssertEqual(found(.phone, in: "call me 01 2345 6784"), ["01 2345 6784"])
    }

    func testLeavesDatesAndAmountsAlone() {
        XCTAssertEqual(found(.phone, in: "on 2024-03-15 1200"), [])
        XCTAssertEqual(found(.phone, in: "on 15.03.2024 12"), [])
        XCTAssertEqual(found(.phone, in: "paid 1.234.567.890"), [])
        XCTAssertEqual(found(.phone, in: "paid 1 234 567 890"), [])
        XCTAssertEqual(found(.phone, in: "03/15/2024 5551234"), [])
    }

    func testDoesNotMatchInsideWords() {
        XCTAssertEqual(found(.phone, in: "ABC555-123-4567"), [])
        XCTAssertEqual(found(.phone, in: "555-123-4567XYZ"), [])
    }
}
