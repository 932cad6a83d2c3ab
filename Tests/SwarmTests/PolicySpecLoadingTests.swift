import XCTest
import TOML
@testable import Swarm

final class PolicySpecLoadingTests: XCTestCase {
    private func problems(_ text: String) -> [String] {
        do {
            _ = try PolicySpec(parsing: text, file: "policies/test.toml")
            return []
        } catch {
            return error.problems
        }
    }

    func testAnEmptyFileIsTheDefaultPolicy() throws {
        let spec = try PolicySpec(parsing: "", file: "empty.toml")
        XCTAssertEqual(spec.pii.kinds, Set(PIIKind.allCases))
        XCTAssertEqual(spec.pii.action, .redact)
        XCTAssertEqual(spec.audit.threshold, 0.5)
        XCTAssertEqual(spec.answer.maxCharacters, 4000)
        XCTAssertTrue(spec.answer.requireJSON)
        XCTAssertEqual(spec.request.maxCharacters, 20_000)
        XCTAssertEqual(spec.review.spotCheckRate, 0)
        XCTAssertEqual(spec.file, "empty.toml")
    }

    func testReadsEverySection() throws {
        let spec = try PolicySpec(parsing: """
            [pii]
            detect = ["email", "card"]
            action = "flag"
            overrides = { card = "block" }
            [audit]
            threshold = 0.7
            [review]
            always = ["billing", "account"]
            spot_check_rate = 0.1
            seed = 99
            [answer]
            max_chars = 0
            banned_phrases = ["refund guaranteed"]
            banned_patterns = ['\\bfree\\b']
            on_banned = "block"
            require_json = false
            [request]
            max_chars = 100
            max_bytes = 300
            on_too_large = "flag"
            """)
        XCTAssertEqual(spec.pii.kinds, [.email, .card])
        XCTAssertEqual(spec.pii.action(for: .email), .flag)
        XCTAssertEqual(spec.pii.action(for: .card), .block)
        XCTAssertEqual(spec.audit.threshold, 0.7)
        XCTAssertEqual(spec.review.alwaysReview.map(\.name), ["billing", "account"])
        XCTAssertEqual(spec.review.alwaysReview.first?.position?.line, 8)
        XCTAssertEqual(spec.review.spotCheckRate, 0.1)
        XCTAssertEqual(spec.review.spotCheckSeed, 99)
        XCTAssertNil(spec.answer.maxCharacters)
        XCTAssertEqual(spec.answer.bannedPhrases, ["refund guaranteed"])
        XCTAssertEqual(spec.answer.bannedPatterns.map(\.pattern), ["\\bfree\\b"])
        XCTAssertEqual(spec.answer.onBanned, .block)
        XCTAssertFalse(spec.answer.requireJSON)
        XCTAssertEqual(spec.request.maxCharacters, 100)
        XCTAssertEqual(spec.request.maxBytes, 300)
        XCTAssertEqual(spec.request.onTooLarge, .flag)
    }

    func testSpotCheckRateAsPercentage() throws {
        let spec = try PolicySpec(parsing: "[review]\nspot_check_rate = \"2.5%\"")
        XCTAssertEqual(spec.review.spotCheckRate, 0.025, accuracy: 1e-12)
        XCTAssertEqual(problems("[review]\nspot_check_rate = \"150%\""), [
            "policies/test.toml:2:19: error: review.spot_check_rate must be a number between 0 and 1 or a percentage such as \"5%\"",
        ])
    }

    func testAnInvalidActionIsReportedAtItsValue() {
        XCTAssertEqual(problems("[pii]\naction = \"reduct\""), [
            "policies/test.toml:2:10: error: pii.action must be one of redact, flag, block, found 'reduct'",
        ])
        XCTAssertEqual(problems("[pii]\naction = 3"), [
            "policies/test.toml:2:10: error: pii.action must be one of redact, flag, block, found an integer",
        ])
    }

    func testEveryProblemIsReportedInFileOrder() {
        XCTAssertEqual(problems("""
            [pii]
            detect = ["email", "passport"]
            [audit]
            threshold = 1.5
            [answer]
            banned_patterns = ["ok", "(unclosed"]
            max_chars = -1
            [reviews]
            always = ["billing"]
            """), [
            "policies/test.toml:2:20: error: pii.detect entries must be one of email, phone, card, iban, ssn, ip",
            "policies/test.toml:4:13: error: audit.threshold must be a number between 0 and 1",
            "policies/test.toml:6:26: error: answer.banned_patterns entry '(unclosed' is not a valid regular expression",
            "policies/test.toml:7:13: error: answer.max_chars must be a whole number ≥ 0 (0 means no limit)",
            "policies/test.toml:8:2: error: unknown key 'reviews' (expected one of description, pii, audit, review, answer, request, costs)",
        ])
    }

    func testMisspeltKeysAreErrorsNotIgnored() {
        XCTAssertEqual(problems("[answer]\nmax_char = 10"), [
            "policies/test.toml:2:1: error: unknown key 'answer.max_char' (expected one of max_chars, banned_phrases, banned_patterns, on_banned, require_json)",
        ])
    }

    func testAnOverrideForAKindNotDetectedIsAnError() {
        XCTAssertEqual(problems("[pii]\ndetect = [\"email\"]\n[pii.overrides]\ncard = \"block\""), [
            "policies/test.toml:4:1: error: pii.overrides.card has no effect: card is not in pii.detect",
        ])
        XCTAssertEqual(problems("[pii.overrides]\npassport = \"block\""), [
            "policies/test.toml:2:1: error: unknown PII kind 'pii.overrides.passport' (expected one of email, phone, card, iban, ssn, ip)",
        ])
    }

    func testWrongTypesAreReportedWithTheKeyPath() {
        XCTAssertEqual(problems("[answer]\nrequire_json = \"yes\""), [
            "policies/test.toml:2:16: error: 'answer.require_json' must be a boolean, found a string",
        ])
        XCTAssertEqual(problems("pii = 1"), [
            "policies/test.toml:1:7: error: 'pii' must be a table, found an integer",
        ])
    }

    func testSyntaxErrorsKeepTheParsersPosition() {
        let found = problems("[pii]\naction = \"redact")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("policies/test.toml:2:"), found[0])
    }

    func testAPolicyTableInsideASwarmFileNamesItsFullPath() throws {
        let document = try TOMLDocument(parsing: "[policy.pii]\naction = \"never\"", file: "swarms/support.toml")
        let table = try XCTUnwrap(document.root["policy"]?.table)
        XCTAssertThrowsError(try PolicySpec(table: table)) { error in
            XCTAssertEqual((error as? PolicyError)?.problems, [
                "swarms/support.toml:2:10: error: policy.pii.action must be one of redact, flag, block, found 'never'",
            ])
        }
    }

    func testAMissingFileIsReportedByPath() {
        XCTAssertThrowsError(try PolicySpec.load(contentsOf: "/nonexistent/policy.toml")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/policy.toml: error: cannot read policy file: no such file")
        }
    }
}
