import Foundation
import XCTest
@testable import Store

/// A reviewer corrects the routed domain: the item keeps it, the log records it, and the
/// examples export labels the ticket with it.
final class DomainCorrectionTests: XCTestCase {
    func testCorrectionIsLoggedAndNeedsTheCurrentLease() throws {
        let (queue, clock, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1", domain: "billing"))
        let claim = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 60))
        let corrected = try queue.correctDomain(claim.lease, to: "shipping")
        XCTAssertEqual(corrected.correctedDomain, "shipping")
        XCTAssertEqual(corrected.reviewedDomain, "shipping")
        XCTAssertEqual(corrected.domain, "billing")
        XCTAssertEqual(corrected.status, .claimed, "a correction does not decide the answer")
        // A second correction records the first as its "before".
        try queue.correctDomain(claim.lease, to: "out_of_scope")
        let log = try queue.decisions(forItem: claim.item.id).filter { $0.action == .domain }
        XCTAssertEqual(log.map(\.domainBefore), ["billing", "shipping"])
        XCTAssertEqual(log.map(\.domainAfter), ["shipping", "out_of_scope"])
        XCTAssertEqual(log.map(\.reviewer), ["ana", "ana"])
        XCTAssertThrowsError(try queue.correctDomain(claim.lease, to: "  "))
        // After the lease expired and another reviewer claimed the item, the old lease is refused.
        clock.advance(by: 61)
        _ = try XCTUnwrap(try queue.claimNext(reviewer: "ben", lease: 60))
        XCTAssertThrowsError(try queue.correctDomain(claim.lease, to: "billing"))
        XCTAssertEqual(try queue.item(claim.item.id).correctedDomain, "out_of_scope")
        XCTAssertEqual(try queue.knownDomains(), ["billing", "out_of_scope"])
    }

    func testExamplesExportLabelsApprovedAndCorrectedTickets() throws {
        let (queue, _, _) = try makeQueue(self)
        for ticket in ["approved", "corrected-rejected", "rejected", "edited", "pending"] {
            try queue.enqueue(sampleItem(ticket: ticket, domain: "billing"))
        }
        func claim(_ ticket: String) throws -> Lease {
            let id = try XCTUnwrap(try queue.items().first { $0.source.ticket == ticket }?.id)
            return try queue.claim(itemID: id, reviewer: "ana", lease: 60).lease
        }
        try queue.approve(try claim("approved"))
        let corrected = try claim("corrected-rejected")
        try queue.correctDomain(corrected, to: "shipping")
        try queue.reject(corrected, reason: "wrong department")
        try queue.reject(try claim("rejected"), reason: "bad")
        try queue.edit(try claim("edited"), newAnswer: "Better.")
        var lines: [String] = []
        let count = try queue.export(.examples) { lines.append($0) }
        XCTAssertEqual(count, 3)
        XCTAssertEqual(lines, [
            "id,text,domain,split\r\n",
            "approved,Why was I charged twice for order approved?,billing,train\r\n",
            "corrected-rejected,Why was I charged twice for order corrected-rejected?,shipping,train\r\n",
            "edited,Why was I charged twice for order edited?,billing,train\r\n",
        ])
    }

    func testTheMigrationKeepsTheLogAndItsAppendOnlyRule() throws {
        let (queue, _, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        let claim = try XCTUnwrap(try queue.claimNext(reviewer: "ana", lease: 60))
        try queue.correctDomain(claim.lease, to: "shipping")
        XCTAssertThrowsError(try queue.database.execute("UPDATE review_decisions SET reviewer = 'eve'"))
        XCTAssertThrowsError(try queue.database.execute("DELETE FROM review_decisions"))
        XCTAssertThrowsError(try queue.database.execute("INSERT INTO review_decisions (item_id, reviewer, action, generation, at) VALUES (1, 'x', 'bogus', 1, 0)"))
    }

    /// A store made before domain corrections keeps every item and log row through the upgrade.
    func testAnOlderStoreIsUpgradedWithItsLog() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("old.db").path
        let old = try Database(path: path)
        try Migrator(Array(ReviewQueueSchema.migrations.prefix(2))).migrate(old)
        try old.execute("""
            INSERT INTO review_items (id, source_job, source_ticket, request, answer, domain, status, created_at, updated_at)
            VALUES (1, 'j', 't', 'Where is my parcel?', 'Tomorrow.', 'billing', 'approved', 0, 0)
            """)
        try old.execute("""
            INSERT INTO review_decisions (item_id, reviewer, action, generation, answer_before, answer_after, at)
            VALUES (1, 'ana', 'approve', 1, 'Tomorrow.', 'Tomorrow.', 5)
            """)
        let queue = try ReviewQueue(database: old)
        let log = try queue.decisions(forItem: 1)
        XCTAssertEqual(log.map(\.action), [.approve])
        XCTAssertEqual(log.first?.answerAfter, "Tomorrow.")
        XCTAssertNil(log.first?.domainAfter)
        XCTAssertNil(try queue.item(1).correctedDomain)
        XCTAssertThrowsError(try queue.database.execute("DELETE FROM review_decisions"))
    }
}
