import Foundation
import XCTest
@testable import Store

/// The review screen reads the list a page at a time: pages, counts and positions agree with the
/// full listing in claim order, under every filter.
final class ReviewQueuePagingTests: XCTestCase {
    func testPagesCountsAndPositionsMatchTheFullListing() throws {
        let (queue, clock, _) = try makeQueue(self)
        for index in 0..<30 {
            var item = sampleItem(ticket: "\(index)", domain: index % 3 == 0 ? "billing" : "shipping", priority: index % 4)
            item.request = index % 5 == 0 ? "Parcel LOST in transit \(index)" : "Charged twice \(index)"
            try queue.enqueue(item)
            clock.advance(by: index % 2 == 0 ? 0 : 1)   // equal times too: the id breaks ties
        }
        let filters = [ReviewQueue.Filter(), .init(statuses: [.pending]), .init(domain: "billing"),
                       .init(text: "lost"), .init(statuses: [.pending, .claimed], domain: "shipping", text: "charged")]
        for filter in filters {
            let all = try queue.items(statuses: filter.statuses, domain: filter.domain, text: filter.text)
            XCTAssertEqual(try queue.count(filter), all.count, "\(filter)")
            var paged: [ReviewItem] = []
            var offset = 0
            while offset < all.count {
                paged += try queue.items(filter, offset: offset, limit: 7)
                offset += 7
            }
            XCTAssertEqual(paged.map(\.id), all.map(\.id), "\(filter)")
            for (position, item) in all.enumerated() {
                XCTAssertEqual(try queue.position(of: item.id, in: filter), position, "item \(item.id) under \(filter)")
            }
        }
        XCTAssertNil(try queue.position(of: 2, in: .init(domain: "billing")), "item 2 is shipping")
    }

    func testClaimNextHonoursTheTextFilter() throws {
        let (queue, _, _) = try makeQueue(self)
        var lost = sampleItem(ticket: "lost", priority: 0)
        lost.request = "My parcel is lost"
        try queue.enqueue(sampleItem(ticket: "first", priority: 5))
        try queue.enqueue(lost)
        let claim = try queue.claimNext(reviewer: "ana", lease: 60, text: "PARCEL")
        XCTAssertEqual(claim?.item.source.ticket, "lost")
    }
}
