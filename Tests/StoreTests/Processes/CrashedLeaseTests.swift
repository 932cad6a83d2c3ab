import Foundation
import ApiaryTestSupport
import XCTest
@testable import Store

/// A reviewer process killed with SIGKILL while it holds a lease.
final class CrashedLeaseTests: XCTestCase {
    func testItemOfAKilledLeaseHolderIsClaimableAfterExpiryAndTheLogIsIntact() throws {
        let directory = try makeTemporaryDirectory(self)
        let db = directory.appendingPathComponent("apiary.db").path
        let queue = try ReviewQueue(path: db)
        for ticket in ["decided-1", "decided-2", "held"] { try queue.enqueue(sampleItem(ticket: ticket)) }
        let ids = try queue.items().map(\.id)
        try queue.decide(itemID: ids[0], as: "ana", .approve)
        try queue.decide(itemID: ids[1], as: "ana", .reject(reason: "wrong policy"))
        let logBefore = try queue.allDecisions()

        // `queue edit` claims the item and then waits in the "editor" (sleep) while holding a 2-second lease.
        // SIGKILL leaves the editor's temporary file behind: TMPDIR keeps it in this test's directory.
        let holder = try ChildProcess(try apiaryExecutable(),
                                      ["queue", "edit", String(ids[2]), "--db", db, "--reviewer", "crasher", "--lease", "2"],
                                      environment: ["EDITOR": "sleep 60", "TMPDIR": directory.path], directory: directory)
        let deadline = Date() + 10
        while try queue.item(ids[2]).status != .claimed {
            XCTAssertLessThan(Date(), deadline, "the holder never claimed the item")
            if Date() > deadline { holder.killHard(); return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        holder.killHard()
        XCTAssertEqual(holder.process.terminationReason, .uncaughtSignal)

        let held = try queue.item(ids[2])
        XCTAssertEqual(held.claimedBy, "crasher")
        if let expires = held.leaseExpiresAt, expires > Date() + 0.3 {
            XCTAssertNil(try queue.claimNext(reviewer: "ben", lease: 60), "claimable while the lease is live")
        }
        Thread.sleep(until: (held.leaseExpiresAt ?? Date()) + 0.05)

        let reclaimed = try XCTUnwrap(try queue.claimNext(reviewer: "ben", lease: 60), "not claimable after expiry")
        XCTAssertEqual(reclaimed.item.id, ids[2])
        XCTAssertEqual(reclaimed.lease.generation, held.generation + 1)
        // The crashed holder's lease is fenced off; the new holder decides.
        let stale = Lease(itemID: ids[2], reviewer: "crasher", generation: held.generation, expiresAt: Date() + 60)
        XCTAssertThrowsError(try queue.approve(stale))
        try queue.edit(reclaimed.lease, newAnswer: "Corrected by ben.")

        let logAfter = try queue.allDecisions()
        XCTAssertEqual(Array(logAfter.prefix(logBefore.count)), logBefore, "earlier log rows changed")
        XCTAssertEqual(logAfter.dropFirst(logBefore.count).map { "\($0.reviewer) \($0.action.rawValue) \($0.generation)" },
                       ["crasher claim 1", "ben claim 2", "ben edit 2"])
        XCTAssertEqual(try queue.database.queryOne("PRAGMA integrity_check")?.get(at: 0, as: String.self), "ok")
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + "-journal"), "a hot journal was left behind")
    }
}
