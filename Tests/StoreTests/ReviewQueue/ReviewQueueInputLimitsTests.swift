import Foundation
import XCTest
@testable import Store

/// Durations and names from the command line are checked before they reach arithmetic that
/// could trap or a log that records who decided.
final class ReviewQueueInputLimitsTests: XCTestCase {
    func testHugeNonFiniteOrNonPositiveLeasesAreRefused() throws {
        let (queue, _, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        for lease in [1e300, .infinity, -.infinity, .nan, 0, -5, ReviewQueue.maximumLease + 1] {
            XCTAssertThrowsError(try queue.claimNext(reviewer: "ana", lease: lease), "lease \(lease)") { error in
                guard case .invalidLease? = error as? ReviewQueueError else { return XCTFail("\(error)") }
            }
            XCTAssertThrowsError(try queue.claim(itemID: 1, reviewer: "ana", lease: lease))
            XCTAssertThrowsError(try queue.decide(itemID: 1, as: "ana", .approve, lease: lease))
        }
        let claim = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: ReviewQueue.maximumLease))
        XCTAssertThrowsError(try queue.renew(claim.lease, for: 1e300))
        XCTAssertEqual(try queue.item(1).status, .claimed)
    }

    func testEmptyReviewerIsRefusedAndNothingIsRecorded() throws {
        let (queue, _, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        for reviewer in ["", "   ", "\t"] {
            XCTAssertThrowsError(try queue.claimNext(reviewer: reviewer, lease: 60)) { error in
                XCTAssertEqual(error as? ReviewQueueError, .invalidReviewer(reviewer))
            }
            XCTAssertThrowsError(try queue.decide(itemID: 1, as: reviewer, .approve))
        }
        XCTAssertEqual(try queue.item(1).status, .pending)
        XCTAssertTrue(try queue.allDecisions().isEmpty)
    }
}
