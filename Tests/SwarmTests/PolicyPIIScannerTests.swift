import XCTest
@testable import Swarm

final class PolicyPIIScannerTests: XCTestCase {
    func testFindsEveryKindInOneTextInOrder() {
        let text = """
            Hi, I'm jane@example.com, call +44 20 7946 0958. Card 4111 1111 1111 1111,
            IBAN GB82 WEST 1234 5698 7654 32, SSN 123-45-6789, from 203.0.113.7 / 2001:db8::1.
            """
        XCTAssertEqual(allFound(in: text), [
            "email:jane@example.com", "phone:+44 20 7946 0958", "card:4111 1111 1111 1111",
            "iban:GB82 WEST 1234 5698 7654 32", "ssn:123-45-6789", "ip:203.0.113.7", "ip:2001:db8::1",
        ])
    }

    func testAnIBANIsNotReportedAsAPhoneEvenWhenIBANsAreNotWanted() {
        let scanner = PIIScanner(kinds: [.phone])
        XCTAssertEqual(scanner.matches(in: "GB82 WEST 1234 5698 7654 32").count, 0)
    }

    func testACardIsNotAlsoReportedAsAPhone() {
        XCTAssertEqual(allFound(in: "amex 3782 822463 10005"), ["card:3782 822463 10005"])
    }

    func testAnEmailWithDigitsIsOneEmail() {
        XCTAssertEqual(allFound(in: "text 5551234567@txt.example.com"), ["email:5551234567@txt.example.com"])
    }

    func testRangesPointAtTheMatchEvenAfterNonASCIIText() {
        let text = "Grüße — jörg@example.de, Tel. +49 30 901820"
        let matches = PIIScanner().matches(in: text)
        XCTAssertEqual(matches.map(\.text), ["+49 30 901820"], "jörg@ has a non-ASCII local part: not matched")
        for match in matches {
            XCTAssertEqual(String(text[match.range]), match.text)
        }
        let ascii = "Grüße — joerg@example.de"
        let match = try! XCTUnwrap(PIIScanner().matches(in: ascii).first)
        XCTAssertEqual(String(ascii[match.range]), "joerg@example.de")
    }

    func testRedactionReplacesEachMatchWithItsPlaceholder() {
        let redaction = PIIScanner().redact(
            "Mail jane@example.com or call (555) 123-4567; card 4111-1111-1111-1111; ip 10.0.0.1; "
            + "IBAN DE89 3704 0044 0532 0130 00; SSN 123-45-6789.")
        XCTAssertEqual(redaction.text,
            "Mail [EMAIL] or call [PHONE]; card [CARD]; ip [IP]; IBAN [IBAN]; SSN [SSN].")
        XCTAssertEqual(redaction.kinds, [.email, .phone, .card, .ip, .iban, .ssn])
        XCTAssertEqual(redaction.counts[.email], 1)
    }

    func testRedactionOnlyTouchesWantedKinds() {
        let redaction = PIIScanner(kinds: [.card]).redact("jane@example.com paid with 4111111111111111")
        XCTAssertEqual(redaction.text, "jane@example.com paid with [CARD]")
    }

    func testTextWithoutPIIIsUnchanged() {
        let text = "My order #12345 from 2024-03-15 arrived broken; version 1.2.3, 3 x 4 cm."
        XCTAssertEqual(allFound(in: text), [])
        XCTAssertEqual(PIIScanner().redact(text).text, text)
    }

    func testAdversarialInputIsScannedInLinearTime() {
        // Shapes that would make a naive scanner quadratic or worse: endless digit groups,
        // colon chains, at-signs, dotted numbers, IBAN-like words, and many real matches.
        let pieces = [String(repeating: "1 ", count: 20_000), String(repeating: "a1:", count: 20_000),
                      String(repeating: "x@", count: 20_000), String(repeating: "1.", count: 20_000),
                      String(repeating: "GB82 ", count: 10_000), String(repeating: "(5) ", count: 10_000),
                      String(repeating: "a@b.io 10.0.0.1 ", count: 10_000)]
        let text = pieces.joined(separator: " ")
        let clock = ContinuousClock()
        var matches: [PIIMatch] = []
        let elapsed = clock.measure { matches = PIIScanner().matches(in: text) }
        XCTAssertEqual(matches.count, 20_000, "every address of the last piece")
        // About 400 KB; linear scanning takes well under a second even in a debug build.
        XCTAssertLessThan(elapsed, .seconds(10), "\(text.utf8.count) bytes took \(elapsed)")
    }
}
