import Foundation
import XCTest
@testable import Store

final class ReviewQueueTests: XCTestCase {
    func testEnqueueIsIdempotentOnJobAndTicket() throws {
        let (queue, _, _) = try makeQueue(self)
        guard case .added(let id) = try queue.enqueue(sampleItem(ticket: "T-1")) else { return XCTFail("not added") }
        XCTAssertEqual(try queue.enqueue(sampleItem(ticket: "T-1")), .duplicate(id))
        XCTAssertEqual(try queue.enqueue(sampleItem(ticket: "T-1", job: "job-2")), .added(id + 1))
        XCTAssertEqual(try queue.items().count, 2)
        let stored = try queue.item(id)
        XCTAssertEqual(stored.content, sampleItem(ticket: "T-1"))
        XCTAssertEqual(stored.status, .pending)
        XCTAssertEqual(stored.generation, 0)
    }

    func testClaimNextTakesHighestPriorityThenOldest() throws {
        let (queue, clock, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "old-low"))
        clock.advance(by: 1)
        try queue.enqueue(sampleItem(ticket: "new-high", priority: 5))
        clock.advance(by: 1)
        try queue.enqueue(sampleItem(ticket: "newer-high", priority: 5))
        let order = try (0..<4).map { _ in try queue.claimNext(reviewer: "ana", lease: 60)?.item.source.ticket }
        XCTAssertEqual(order, ["new-high", "newer-high", "old-low", nil])
    }

    func testClaimNextFiltersByDomainAndSkipsExcludedItems() throws {
        let (queue, _, _) = try makeQueue(self)
        guard case .added(let first) = try queue.enqueue(sampleItem(ticket: "1")) else { return XCTFail() }
        try queue.enqueue(sampleItem(ticket: "2"))
        try queue.enqueue(sampleItem(ticket: "3", domain: "shipping"))
        XCTAssertEqual(try queue.claimNext(reviewer: "ana", lease: 60, domain: "shipping")?.item.source.ticket, "3")
        XCTAssertEqual(try queue.claimNext(reviewer: "ana", lease: 60, excluding: [first])?.item.source.ticket, "2")
    }

    func testClaimRecordsHolderLeaseAndGeneration() throws {
        let (queue, clock, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        let claim = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 30))
        XCTAssertEqual(claim.item.status, .claimed)
        XCTAssertEqual(claim.item.claimedBy, "ana")
        XCTAssertEqual(claim.lease.generation, 1)
        XCTAssertEqual(claim.lease.expiresAt, clock.now + 30)
        XCTAssertNil(try queue.claimNext(reviewer: "ben", lease: 30), "a live lease must not be claimable")
    }

    func testExpiredLeaseReturnsTheItemToTheQueueWithANewGeneration() throws {
        let (queue, clock, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        let first = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 30))
        clock.advance(by: 31)
        let second = try XCTUnwrap(try queue.claimNext(reviewer: "ben", lease: 30))
        XCTAssertEqual(second.item.id, first.item.id)
        XCTAssertEqual(second.lease.generation, 2)
        let log = try queue.decisions(forItem: first.item.id)
        XCTAssertEqual(log.map(\.action), [.claim, .claim])
        XCTAssertEqual(log.last?.reason, "lease of ana (generation 1) expired")
    }

    func testAStaleLeaseCannotOverwriteTheNewHoldersDecision() throws {
        let (queue, clock, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        let ana = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 30))
        clock.advance(by: 31)
        let ben = try XCTUnwrap(try queue.claimNext(reviewer: "ben", lease: 30))
        XCTAssertThrowsError(try queue.approve(ana.lease)) { error in
            XCTAssertEqual(error as? ReviewQueueError,
                           .staleLease(id: ana.item.id, presented: 1, current: 2, holder: "ben"))
        }
        try queue.reject(ben.lease, reason: "wrong refund policy")
        XCTAssertThrowsError(try queue.edit(ana.lease, newAnswer: "late")) { error in
            XCTAssertEqual(error as? ReviewQueueError, .alreadyDecided(id: ana.item.id, status: .rejected, by: "ben"))
        }
        let item = try queue.item(ana.item.id)
        XCTAssertEqual(item.status, .rejected)
        XCTAssertEqual(item.rejectReason, "wrong refund policy")
    }

    func testSameReviewerCannotDecideWithAnExpiredLeaseButCanRenewIt() throws {
        let (queue, clock, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        let claim = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 30))
        clock.advance(by: 30)
        XCTAssertThrowsError(try queue.approve(claim.lease)) { error in
            XCTAssertEqual(error as? ReviewQueueError, .leaseExpired(id: claim.item.id, at: claim.lease.expiresAt))
        }
        let renewed = try queue.renew(claim.lease, for: 30)
        XCTAssertEqual(renewed.generation, claim.lease.generation)
        XCTAssertEqual(try queue.approve(renewed).status, .approved)
    }

    func testDecisionsAreLoggedWithAnswersBeforeAndAfter() throws {
        let (queue, _, _) = try makeQueue(self)
        for ticket in ["a", "r", "e"] { try queue.enqueue(sampleItem(ticket: ticket)) }
        let a = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 60))
        let r = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 60))
        let e = try XCTUnwrap(try queue.claimNext(reviewer: "ben", lease: 60))
        XCTAssertEqual(try queue.approve(a.lease).finalAnswer, a.item.answer)
        XCTAssertNil(try queue.reject(r.lease, reason: "  rude tone ").finalAnswer)
        let edited = try queue.edit(e.lease, newAnswer: "A refund is on its way.")
        XCTAssertEqual(edited.status, .edited)
        XCTAssertEqual(edited.finalAnswer, "A refund is on its way.")
        XCTAssertEqual(edited.decidedBy, "ben")

        let log = try queue.allDecisions().filter { $0.action.isDecision }
        XCTAssertEqual(log.map(\.action), [.approve, .reject, .edit])
        XCTAssertEqual(log.map(\.reviewer), ["ana", "ana", "ben"])
        XCTAssertEqual(log[1].reason, "rude tone")
        XCTAssertEqual(log[2].answerBefore, e.item.answer)
        XCTAssertEqual(log[2].answerAfter, "A refund is on its way.")
        XCTAssertEqual(log.map(\.generation), [1, 1, 1])
    }

    func testRejectNeedsAReasonAndEditNeedsText() throws {
        let (queue, _, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        let claim = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 60))
        XCTAssertThrowsError(try queue.reject(claim.lease, reason: " \n"))
        XCTAssertThrowsError(try queue.edit(claim.lease, newAnswer: ""))
        XCTAssertEqual(try queue.item(claim.item.id).status, .claimed)
    }

    func testReleaseReturnsTheItemUndecided() throws {
        let (queue, _, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        let claim = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 60))
        XCTAssertEqual(try queue.release(claim.lease).status, .pending)
        XCTAssertThrowsError(try queue.approve(claim.lease)) { error in
            XCTAssertEqual(error as? ReviewQueueError, .notClaimed(id: claim.item.id))
        }
        let again = try XCTUnwrap(try queue.claimNext(reviewer: "ben", lease: 60))
        XCTAssertEqual(again.lease.generation, 2)
    }

    func testDecideClaimsAPendingItemAndDecidesInOneStep() throws {
        let (queue, _, _) = try makeQueue(self)
        guard case .added(let id) = try queue.enqueue(sampleItem(ticket: "1")) else { return XCTFail() }
        XCTAssertEqual(try queue.decide(itemID: id, as: "ana", .approve).status, .approved)
        XCTAssertEqual(try queue.decisions(forItem: id).map(\.action), [.claim, .approve])
    }

    func testDecideUsesTheLeaseTheReviewerHoldsAndRefusesOthers() throws {
        let (queue, _, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        let claim = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 60))
        XCTAssertThrowsError(try queue.decide(itemID: claim.item.id, as: "ben", .approve)) { error in
            XCTAssertEqual(error as? ReviewQueueError,
                           .heldByOther(id: claim.item.id, reviewer: "ana", until: claim.lease.expiresAt))
        }
        XCTAssertThrowsError(try queue.decide(itemID: claim.item.id, as: "ben", .release))
        let decided = try queue.decide(itemID: claim.item.id, as: "ana", .reject(reason: "off topic"))
        XCTAssertEqual(decided.generation, 1, "the held lease is reused, not re-claimed")
        XCTAssertEqual(decided.status, .rejected)
    }

    func testDecideReleaseOnlyReleasesHeldItems() throws {
        let (queue, _, _) = try makeQueue(self)
        guard case .added(let id) = try queue.enqueue(sampleItem(ticket: "1")) else { return XCTFail() }
        XCTAssertThrowsError(try queue.decide(itemID: id, as: "ana", .release)) { error in
            XCTAssertEqual(error as? ReviewQueueError, .notClaimed(id: id))
        }
        _ = try queue.claim(itemID: id, reviewer: "ana", lease: 60)
        XCTAssertEqual(try queue.decide(itemID: id, as: "ana", .release).status, .pending)
    }

    func testUnknownItemIsATypedError() throws {
        let (queue, _, _) = try makeQueue(self)
        XCTAssertThrowsError(try queue.item(99)) { XCTAssertEqual($0 as? ReviewQueueError, .noSuchItem(99)) }
        XCTAssertThrowsError(try queue.decide(itemID: 99, as: "ana", .approve)) {
            XCTAssertEqual("\($0)", "no review item 99")
        }
    }

    func testNothingCanBeDeletedAndTheLogCannotBeRewritten() throws {
        let (queue, _, _) = try makeQueue(self)
        guard case .added(let id) = try queue.enqueue(sampleItem(ticket: "1")) else { return XCTFail() }
        try queue.decide(itemID: id, as: "ana", .approve)
        XCTAssertThrowsError(try queue.database.execute("DELETE FROM review_items")) {
            XCTAssertTrue("\($0)".contains("never deleted"), "\($0)")
        }
        XCTAssertThrowsError(try queue.database.execute("DELETE FROM review_decisions"))
        XCTAssertThrowsError(try queue.database.execute("UPDATE review_decisions SET reviewer = 'mallory'")) {
            XCTAssertTrue("\($0)".contains("append-only"), "\($0)")
        }
        XCTAssertEqual(try queue.decisions(forItem: id).count, 2)
    }

    func testItemsFilterByStatusDomainAndText() throws {
        let (queue, _, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        try queue.enqueue(sampleItem(ticket: "2", domain: "shipping"))
        var other = sampleItem(ticket: "3")
        other.request = "Where is my PARCEL?"
        try queue.enqueue(other)
        _ = try queue.claimNext(reviewer: "ana", lease: 60)
        XCTAssertEqual(try queue.items(statuses: [.pending]).map(\.source.ticket), ["2", "3"])
        XCTAssertEqual(try queue.items(domain: "shipping").map(\.source.ticket), ["2"])
        XCTAssertEqual(try queue.items(text: "parcel").map(\.source.ticket), ["3"])
    }
}
