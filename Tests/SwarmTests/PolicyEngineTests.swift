import XCTest
@testable import Swarm

final class PolicyEngineTests: XCTestCase {
    private func engine(_ toml: String) throws -> PolicyEngine {
        PolicyEngine(spec: try PolicySpec(parsing: toml, file: "test.toml"))
    }

    private func accepted(_ engine: PolicyEngine, answer: String = "Your refund is on its way.",
                          domain: String? = "shipping", score: Double? = 0.9, id: String = "T-1",
                          json: Bool = false) -> Verdict {
        engine.verdict(domain: domain, answer: answer, auditScore: score, requestID: id, answerMustBeJSON: json)
    }

    // MARK: pre

    func testPreRedactsBeforeAnythingElseSeesTheText() throws {
        let result = try engine("").pre(request: "I'm jane@example.com, card 4111 1111 1111 1111")
        XCTAssertEqual(result.text, "I'm [EMAIL], card [CARD]")
        XCTAssertEqual(result.redactedKinds, [.email, .card])
        XCTAssertEqual(result.flags, [])
        XCTAssertFalse(result.isBlocked)
    }

    func testPreFlagsPIIWithAReadableReason() throws {
        let result = try engine("[pii]\naction = \"flag\"").pre(request: "card 4111111111111111, mail a@b.io or c@d.io")
        XCTAssertEqual(result.text, "card [CARD], mail [EMAIL] or [EMAIL]")
        XCTAssertEqual(result.flags.map(\.message),
                       ["contains a credit card number (redacted)", "contains 2 email addresses (redacted)"])
        XCTAssertEqual(result.flags.map(\.rule), [.personalData, .personalData])
    }

    func testPreBlocksPerKindOverrideAndStillRedacts() throws {
        let result = try engine("[pii.overrides]\nssn = \"block\"").pre(request: "ssn 123-45-6789, ip 10.0.0.1")
        XCTAssertEqual(result.blockedBecause?.message, "contains a US social security number (blocked by policy)")
        XCTAssertEqual(result.text, "ssn [SSN], ip [IP]")
    }

    func testPreLeavesUndetectedKindsAlone() throws {
        let result = try engine("[pii]\ndetect = [\"card\"]").pre(request: "mail a@b.io card 4111111111111111")
        XCTAssertEqual(result.text, "mail a@b.io card [CARD]")
    }

    func testPreBlocksOrFlagsOversizedRequests() throws {
        let long = String(repeating: "é", count: 11)
        let blocked = try engine("[request]\nmax_chars = 10").pre(request: long)
        XCTAssertEqual(blocked.blockedBecause?.message, "request is 11 characters, over the limit of 10")
        XCTAssertFalse(try engine("[request]\nmax_chars = 11").pre(request: long).isBlocked)
        let flagged = try engine("[request]\nmax_chars = 0\nmax_bytes = 20\non_too_large = \"flag\"").pre(request: long)
        XCTAssertFalse(flagged.isBlocked)
        XCTAssertEqual(flagged.flags.map(\.message), ["request is 22 bytes, over the limit of 20"])
    }

    // MARK: verdict

    func testAcceptsAGoodAnswer() throws {
        XCTAssertEqual(accepted(try engine("")), .accepted)
    }

    func testFlagsAnAuditScoreBelowThreshold() throws {
        let policy = try engine("[audit]\nthreshold = 0.6")
        XCTAssertEqual(accepted(policy, score: 0.42).reasons.map(\.message), ["audit score 0.42 below threshold 0.60"])
        XCTAssertEqual(accepted(policy, score: 0.6), .accepted)
        XCTAssertEqual(accepted(policy, score: nil), .accepted, "no auditor: the threshold does not apply")
        XCTAssertEqual(accepted(policy, score: .nan).name, "flagged", "a NaN score is never good enough")
    }

    func testAlwaysReviewedDomains() throws {
        let policy = try engine("[review]\nalways = [\"billing\"]")
        XCTAssertEqual(accepted(policy, domain: "billing").reasons.map(\.message), ["domain billing is always reviewed"])
        XCTAssertEqual(accepted(policy, domain: "shipping"), .accepted)
        XCTAssertEqual(accepted(policy, domain: nil), .accepted)
    }

    func testFlagsAnswersOverTheLengthLimit() throws {
        let policy = try engine("[answer]\nmax_chars = 10")
        XCTAssertEqual(accepted(policy, answer: "0123456789"), .accepted)
        XCTAssertEqual(accepted(policy, answer: "0123456789!").reasons.map(\.message),
                       ["answer is 11 characters, over the limit of 10"])
    }

    func testBannedPhrasesAreCaseInsensitiveSubstrings() throws {
        let policy = try engine("[answer]\nbanned_phrases = [\"Guaranteed Refund\"]")
        XCTAssertEqual(accepted(policy, answer: "You get a GUARANTEED refund!").reasons.map(\.message),
                       ["contains banned phrase \"Guaranteed Refund\""])
        XCTAssertEqual(accepted(policy, answer: "Refunds are guaranteed by law."), .accepted)
    }

    func testBannedPatternsAndBlocking() throws {
        let policy = try engine("[answer]\nbanned_patterns = ['password\\s*:']\non_banned = \"block\"")
        XCTAssertEqual(accepted(policy, answer: "Your PASSWORD : hunter2"),
                       .blocked(PolicyReason(.bannedPhrase, "matches banned pattern /password\\s*:/")))
        XCTAssertEqual(accepted(policy, answer: "Reset your password from the login page."), .accepted)
    }

    func testBlocksInvalidJSONOnlyWhenASchemaRequiresIt() throws {
        let policy = try engine("")
        XCTAssertEqual(accepted(policy, answer: "{\"refund\": true", json: true).name, "blocked")
        XCTAssertEqual(accepted(policy, answer: " {\"refund\": true} ", json: true), .accepted)
        XCTAssertEqual(accepted(policy, answer: "not json", json: false), .accepted)
        XCTAssertEqual(accepted(try engine("[answer]\nrequire_json = false"), answer: "not json", json: true), .accepted)
    }

    func testCollectsEveryReasonThatApplies() throws {
        let policy = try engine("""
            [audit]
            threshold = 0.6
            [review]
            always = ["billing"]
            spot_check_rate = 1.0
            [answer]
            max_chars = 5
            """)
        XCTAssertEqual(accepted(policy, domain: "billing", score: 0.1).reasons.map(\.rule),
                       [.auditScore, .alwaysReviewedDomain, .answerLength],
                       "a spot check only samples answers that would otherwise be accepted")
    }

    func testSpotCheckReasonNamesTheRate() throws {
        let policy = try engine("[review]\nspot_check_rate = \"100%\"")
        XCTAssertEqual(accepted(policy).reasons.map(\.message), ["random spot check (rate 100%)"])
        XCTAssertEqual(PolicyEngine.percent(0.05), "5%")
        XCTAssertEqual(PolicyEngine.percent(0.125), "12.5%")
    }

    func testPreFlagsCarryIntoTheVerdict() throws {
        let flag = PolicyReason(.personalData, "contains a credit card number (redacted)")
        XCTAssertEqual(Verdict.accepted.adding([flag]), .flagged([flag]))
        let blocked = Verdict.blocked(PolicyReason(.invalidJSON, "x"))
        XCTAssertEqual(blocked.adding([flag]), blocked)
        XCTAssertEqual(Verdict.accepted.adding([]), .accepted)
    }
}
