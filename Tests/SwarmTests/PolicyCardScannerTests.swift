import XCTest
@testable import Swarm

final class PolicyCardScannerTests: XCTestCase {
    func testFindsWellKnownTestCardsInEveryCommonWriting() {
        XCTAssertEqual(found(.card, in: "card 4111 1111 1111 1111 please"), ["4111 1111 1111 1111"])
        XCTAssertEqual(found(.card, in: "card 4111-1111-1111-1111."), ["4111-1111-1111-1111"])
        XCTAssertEqual(found(.card, in: "4111111111111111"), ["4111111111111111"])
        XCTAssertEqual(found(.card, in: "mc 5555 5555 5555 4444"), ["5555 5555 5555 4444"])
        XCTAssertEqual(found(.card, in: "amex 3782 822463 10005"), ["3782 822463 10005"])
        XCTAssertEqual(found(.card, in: "discover 6011111111111117"), ["6011111111111117"])
        XCTAssertEqual(found(.card, in: "jcb 3530111333300000"), ["3530111333300000"])
        XCTAssertEqual(found(.card, in: "diners 3056 9309 0259 04"), ["3056 9309 0259 04"])
        XCTAssertEqual(found(.card, in: "old visa 4222222222222"), ["4222222222222"])
    }

    func testRejectsNumbersFailingLuhn() {
        XCTAssertEqual(found(.card, in: "card 4111 1111 1111 1112"), [])
        XCTAssertEqual(found(.card, in: "5555555555554445"), [])
    }

    func testRejectsLuhnValidNumbersWithoutAKnownIssuer() {
        // 1234567890123452 passes Luhn, but no network issues numbers starting with 1.
        XCTAssertTrue(Luhn.isValid([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 2]))
        XCTAssertEqual(found(.card, in: "order 1234567890123452"), [])
    }

    func testRejectsIssuerAtAWrongLength() {
        // Amex numbers have 15 digits; a Luhn-valid 16-digit number starting with 37 is not one.
        XCTAssertFalse(CardScanner.isKnownIssuer([3, 7, 8, 2, 8, 2, 2, 4, 6, 3, 1, 0, 0, 0, 5, 0]))
        XCTAssertTrue(CardScanner.isKnownIssuer([3, 7, 8, 2, 8, 2, 2, 4, 6, 3, 1, 0, 0, 0, 5]))
    }

    func testDoesNotMatchADigitRunInsideAWordOrLongerRun() {
        XCTAssertEqual(found(.card, in: "ABC4111111111111111XYZ"), [])
        XCTAssertEqual(found(.card, in: "ref 4111111111111111XYZ"), [])
        XCTAssertEqual(found(.card, in: "ref ABC4111111111111111"), [])
        XCTAssertEqual(found(.card, in: "94111111111111111"), [])
        XCTAssertEqual(found(.card, in: "4111-1111-1111-1111-22"), [])
        XCTAssertEqual(found(.card, in: "x-4111111111111111"), [])
    }

    func testFindsACardNextToOtherNumbersSeparatedBySpaces() {
        XCTAssertEqual(found(.card, in: "order 12 4111 1111 1111 1111"), ["4111 1111 1111 1111"])
    }

    func testFindsACardInsideAURLQuery() {
        XCTAssertEqual(found(.card, in: "https://pay.example/?cc=4111111111111111&x=1"), ["4111111111111111"])
    }

    func testLuhnAgreesWithTheTextbookDefinition() {
        // Slow reference: the check digit is what makes the weighted sum a multiple of 10.
        func reference(_ digits: [Int]) -> Bool {
            var total = 0
            for (index, digit) in digits.enumerated() {
                let fromRight = digits.count - 1 - index
                let weighted = fromRight % 2 == 1 ? digit * 2 : digit
                total += weighted / 10 + weighted % 10
            }
            return total % 10 == 0
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let digits = (0..<Int.random(in: 1...19, using: &generator)).map { _ in Int.random(in: 0...9, using: &generator) }
            XCTAssertEqual(Luhn.isValid(digits), reference(digits), "\(digits)")
        }
    }
}
