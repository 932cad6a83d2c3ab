import XCTest
@testable import Swarm

/// The agreement figures on a made-up set of decisions, computed by hand.
final class AuditAgreementTests: XCTestCase {
    /// Approved at 0.9, 0.8, 0.6, 0.4; rejected or edited at 0.7, 0.3, 0.2.
    let decisions: [AuditAgreement.Decision] = [0.9, 0.8, 0.6, 0.4].map { .init(score: $0, approved: true) }
        + [0.7, 0.3, 0.2].map { .init(score: $0, approved: false) }

    func testAUROCCountsOrderedPairsAndHalvesTies() {
        // 12 (approved, rejected) pairs; the approved one is higher in all but (0.6, 0.7) and (0.4, 0.7).
        XCTAssertEqual(AuditAgreement.auroc(decisions)!, 10.0 / 12, accuracy: 1e-12)
        // An approved 0.3 adds three pairs: below 0.7, tied with 0.3 (½), above 0.2.
        XCTAssertEqual(AuditAgreement.auroc(decisions + [.init(score: 0.3, approved: true)])!, 11.5 / 15, accuracy: 1e-12)
        XCTAssertNil(AuditAgreement.auroc(decisions.filter(\.approved)))
    }

    func testFlaggingAtTheCurrentThreshold() {
        let at = AuditAgreement(decisions, threshold: 0.5).current
        // Flagged: 0.4, 0.3, 0.2; of those 0.3 and 0.2 were rejected; 0.7 was rejected but accepted.
        XCTAssertEqual(at.reviewRate!, 3.0 / 7, accuracy: 1e-12)
        XCTAssertEqual(at.precision!, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(at.recall!, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(at.missed!, 1.0 / 3, accuracy: 1e-12)
        // Agreement 5/7; chance (4/7)² + (3/7)² = 25/49; κ = (35/49 − 25/49) / (24/49).
        XCTAssertEqual(at.kappa!, 10.0 / 24, accuracy: 1e-12)
    }

    func testThresholdsMeetingTargets() {
        // Every rejected answer flagged: the lowest such threshold lies between 0.7 and 0.8.
        let strict = AuditAgreement(decisions, threshold: 0.5, target: .maxMissed(0)).suggested!
        XCTAssertEqual(strict.threshold, 0.75)
        XCTAssertEqual(strict.missed, 0)
        XCTAssertEqual(strict.reviewRate!, 5.0 / 7, accuracy: 1e-12)
        // At most 34 % missed allows one of the three: flagging 0.3 and 0.2 is enough, so the lowest
        // threshold is between 0.3 and 0.4.
        XCTAssertEqual(AuditAgreement(decisions, threshold: 0.5, target: .maxMissed(0.34)).suggested!.threshold, 0.35)
        // At most 20 % of 7 answers flagged: one answer, so between 0.2 and 0.3.
        let rate = AuditAgreement(decisions, threshold: 0.5, target: .reviewRate(0.2)).suggested!
        XCTAssertEqual(rate.threshold, 0.25)
        XCTAssertEqual(rate.reviewRate!, 1.0 / 7, accuracy: 1e-12)
        // Nothing at all flagged meets a 0 % review rate.
        XCTAssertEqual(AuditAgreement(decisions, threshold: 0.5, target: .reviewRate(0)).suggested!.threshold, 0)
    }

    func testNoDecisionsGiveNoFigures() {
        let empty = AuditAgreement([], threshold: 0.5, target: .maxMissed(0.05))
        XCTAssertNil(empty.auroc)
        XCTAssertNil(empty.current.kappa)
        XCTAssertNil(empty.suggested)
    }
}
