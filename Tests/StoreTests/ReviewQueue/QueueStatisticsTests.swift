import Foundation
import XCTest
@testable import Store

final class QueueStatisticsTests: XCTestCase {
    func testCountsRatesAndMedians() throws {
        let (queue, clock, _) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        try queue.enqueue(sampleItem(ticket: "2"))
        try queue.enqueue(sampleItem(ticket: "3", domain: "shipping", specialist: "shipping-specialist"))
        try queue.enqueue(sampleItem(ticket: "4", domain: nil, specialist: nil))
        let ids = try queue.items().map(\.id)
        clock.advance(by: 10)
        try queue.decide(itemID: ids[0], as: "ana", .approve)                   // waited 10 s
        clock.advance(by: 10)
        try queue.decide(itemID: ids[1], as: "ana", .reject(reason: "wrong"))   // waited 20 s
        let claim = try queue.claim(itemID: ids[2], reviewer: "ben", lease: 600)
        clock.advance(by: 40)
        try queue.edit(claim.lease, newAnswer: "Fixed.")                       // waited 60 s, handled 40 s

        let stats = try queue.statistics()
        XCTAssertEqual(stats.total, 4)
        XCTAssertEqual(stats.byStatus, [.approved: 1, .rejected: 1, .edited: 1, .pending: 1])
        XCTAssertEqual(stats.byDomain.map(\.domain), ["(none)", "billing", "shipping"])
        XCTAssertEqual(stats.approvalByDomain.map(\.name), ["billing", "shipping"])
        XCTAssertEqual(stats.approvalByDomain[0].approvalRate, 0.5)
        XCTAssertEqual(stats.approvalByDomain[1].approvalRate, 1.0)
        XCTAssertEqual(stats.approvalBySpecialist.map(\.name), ["billing-specialist", "shipping-specialist"])
        XCTAssertEqual(stats.medianTimeToDecision, 20)
        XCTAssertEqual(stats.reviewers.map(\.counts.name), ["ana", "ben"])
        XCTAssertEqual(stats.reviewers[0].counts.decided, 2)
        XCTAssertEqual(stats.reviewers[1].medianHandlingTime, 40)
        XCTAssertEqual(stats.journalMode, queue.database.journalMode)

        XCTAssertTrue(stats.report.contains("journal mode"), stats.report)
        XCTAssertEqual(stats.json["by_status"]?["pending"], .integer(1))
        XCTAssertEqual(stats.json["approval_by_domain"]?["billing"]?["approval_rate"], .number(0.5))
    }

    func testMedianOfEvenAndOddCounts() {
        XCTAssertNil(median([]))
        XCTAssertEqual(median([3, 1, 2]), 2)
        XCTAssertEqual(median([4, 1, 3, 2]), 2.5)
    }
}
