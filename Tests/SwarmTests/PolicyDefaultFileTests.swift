import Foundation
import XCTest
@testable import Swarm

/// The package's root directory (this file is Tests/SwarmTests/…).
func packageRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

final class PolicyDefaultFileTests: XCTestCase {
    func testTheShippedDefaultPolicyLoadsAndSaysWhatItsCommentsSay() throws {
        let path = packageRoot().appendingPathComponent("policies/default.toml").path
        let spec = try PolicySpec.load(contentsOf: path)
        XCTAssertEqual(spec.pii.kinds, Set(PIIKind.allCases))
        XCTAssertEqual(spec.pii.action(for: .email), .redact)
        XCTAssertEqual(spec.pii.action(for: .card), .flag)
        XCTAssertEqual(spec.audit.threshold, 0.6)
        XCTAssertTrue(spec.review.alwaysReviews("billing"))
        XCTAssertEqual(spec.review.spotCheckRate, 0.05, accuracy: 1e-12)
        XCTAssertFalse(spec.answer.bannedPatterns.isEmpty)
        XCTAssertEqual(spec.file, path)
    }

    func testTheDefaultPolicyOnARealisticTicket() throws {
        let spec = try PolicySpec.load(contentsOf: packageRoot().appendingPathComponent("policies/default.toml").path)
        let engine = PolicyEngine(spec: spec)
        let pre = engine.pre(request: """
            Hi, I was charged twice. Card 4111 1111 1111 1111, reach me at jo@example.com \
            or +44 20 7946 0958.
            """)
        XCTAssertEqual(pre.text, "Hi, I was charged twice. Card [CARD], reach me at [EMAIL] or [PHONE].")
        XCTAssertEqual(pre.flags.map(\.message), ["contains a credit card number (redacted)"])
        let verdict = engine.verdict(domain: "billing", answer: "I promise we'll fix it.", auditScore: 0.42,
                                     requestID: "T-0001", answerMustBeJSON: false).adding(pre.flags)
        XCTAssertEqual(verdict.reasons.map(\.message), [
            "contains a credit card number (redacted)",
            "audit score 0.42 below threshold 0.60",
            "domain billing is always reviewed",
            "contains banned phrase \"I promise\"",
        ])
    }
}
