import Store
import XCTest
@testable import Batch

/// The shard of a record is a documented function of its id alone.
final class ShardKeyTests: XCTestCase {
    /// Computed by the Python of the README (FNV-1a-64, fmix64, `(h * N) >> 64`), not by this code.
    func testShardsAgreeWithTheDocumentedFormula() {
        let reference: [(String, Int, Int)] = [("HS-1001", 3, 2), ("HS-1002", 3, 1), ("SUP-1", 3, 1), ("@line7", 3, 2), ("a", 3, 1)]
        for (key, count, shard) in reference {
            XCTAssertEqual(ShardKey.shard(of: key, count: count), shard, key)
        }
        XCTAssertEqual(ShardKey.shard(of: "anything", count: 1), 0)
    }

    /// Sequential ids (where FNV-1a's high bits alone fail) spread evenly for several N.
    func testSequentialIdsSpreadEvenly() {
        for count in [2, 3, 7, 16] {
            var sizes = [Int](repeating: 0, count: count)
            for i in 1...6000 { sizes[ShardKey.shard(of: "SUP-\(i)", count: count)] += 1 }
            let expected = 6000 / count
            for (shard, size) in sizes.enumerated() {
                XCTAssertEqual(Double(size), Double(expected), accuracy: Double(expected) * 0.15, "shard \(shard) of \(count): \(sizes)")
            }
        }
    }

    func testRejectedRecordsAreShardedByTheirIdOrTheirLine() throws {
        let duplicate = TicketInputItem.rejected(TicketRejection(id: "HS-1001", line: 40, reason: "duplicate id"))
        XCTAssertEqual(ShardKey.key(of: duplicate), "HS-1001", "a duplicate lands with the ticket it repeats")
        XCTAssertEqual(ShardKey.key(of: .rejected(TicketRejection(id: nil, line: 7, reason: "no id"))), "@line7")
        XCTAssertEqual(ShardKey.key(of: .rejected(TicketRejection(id: "", line: 7, reason: "no id"))), "@line7")
        // The store's keys map back to the same shard keys.
        for (stored, line, key) in [("HS-1001@line40", 40, "HS-1001"), ("@line7", 7, "@line7"), ("a@line9@line12", 12, "a@line9")] {
            XCTAssertEqual(ShardKey.key(of: StoredBatchItem(position: 1, ticket: stored, line: line, state: "rejected")), key)
        }
        XCTAssertEqual(ShardKey.key(of: StoredBatchItem(position: 1, ticket: "x@line3", line: 3, state: "done")), "x@line3",
                       "a ticket's id is its key, whatever it contains")
        let shard = try BatchShard(index: ShardKey.shard(of: "HS-1001", count: 3), count: 3)
        XCTAssertTrue(ShardKey.belongs(duplicate, to: shard))
    }
}
