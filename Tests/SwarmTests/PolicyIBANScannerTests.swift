import XCTest
@testable import Swarm

final class PolicyIBANScannerTests: XCTestCase {
    func testFindsValidIBANsWithAndWithoutSpaces() {
        XCTAssertEqual(found(.iban, in: "pay to GB82 WEST 1234 5698 7654 32 thanks"), ["GB82 WEST 1234 5698 7654 32"])
        XCTAssertEqual(found(.iban, in: "IBAN: DE89 3704 0044 0532 0130 00."), ["DE89 3704 0044 0532 0130 00"])
        XCTAssertEqual(found(.iban, in: "DE89370400440532013000"), ["DE89370400440532013000"])
        XCTAssertEqual(found(.iban, in: "FR14 2004 1010 0505 0001 3M02 606"), ["FR14 2004 1010 0505 0001 3M02 606"])
        XCTAssertEqual(found(.iban, in: "NL91ABNA0417164300"), ["NL91ABNA0417164300"])
        XCTAssertEqual(found(.iban, in: "NO93 8601 1117 947 is mine"), ["NO93 8601 1117 947"])
        XCTAssertEqual(found(.iban, in: "(BE68 5390 0754 7034)"), ["BE68 5390 0754 7034"])
    }

    func testRejectsAWrongCheckDigitOrChecksum() {
        XCTAssertEqual(found(.iban, in: "GB82 WEST 1234 5698 7654 33"), [])
        XCTAssertEqual(found(.iban, in: "GB83 WEST 1234 5698 7654 32"), [])
    }

    func testRejectsAWrongLengthForTheCountry() {
        XCTAssertEqual(found(.iban, in: "DE89 3704 0044 0532 0130 0"), [])
        XCTAssertEqual(found(.iban, in: "DE89370400440532013000123"), [])
    }

    func testRejectsUnknownCountries() {
        XCTAssertEqual(found(.iban, in: "XX82 WEST 1234 5698 7654 32"), [])
    }

    func testDoesNotMatchInsideAWord() {
        XCTAssertEqual(found(.iban, in: "XGB82WEST12345698765432"), [])
        XCTAssertEqual(found(.iban, in: "GB82WEST12345698765432ABC"), [])
    }

    func testChecksumAgreesWithBigNumberReference() {
        // Slow reference: build the full decimal number and reduce it in 9-digit chunks.
        func reference(_ iban: String) -> Bool {
            let rearranged = Array(iban.dropFirst(4) + iban.prefix(4))
            let decimal = rearranged.map { character -> String in
                character.isNumber ? String(character) : String(Int(character.asciiValue! - 55))
            }.joined()
            var remainder = 0
            var rest = Substring(decimal)
            while !rest.isEmpty {
                let chunk = String(remainder) + rest.prefix(7)
                rest = rest.dropFirst(7)
                remainder = Int(chunk)! % 97
            }
            return remainder == 1
        }
        for iban in ["GB82WEST12345698765432", "GB82WEST12345698765433", "DE89370400440532013000",
                     "FR1420041010050500013M02606", "IT60X0542811101000000123456", "NO9386011117947",
                     "CH9300762011623852957", "CH9300762011623852958"] {
            XCTAssertEqual(IBANChecksum.isValid(Array(iban.utf8)), reference(iban), iban)
        }
    }
}
