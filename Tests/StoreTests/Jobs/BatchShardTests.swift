import Foundation
import XCTest
@testable import Store

final class BatchShardTests: XCTestCase {
    func testParsesKOfNAndRefusesWhatCannotBeAShard() throws {
        XCTAssertEqual(try BatchShard(parsing: "0/3"), try BatchShard(index: 0, count: 3))
        XCTAssertEqual(try BatchShard(parsing: "2/3").description, "2/3")
        XCTAssertThrowsError(try BatchShard(parsing: "3/3")) { XCTAssertEqual($0 as? BatchShardError, .indexOutOfRange(index: 3, count: 3)) }
        XCTAssertThrowsError(try BatchShard(parsing: "-1/3")) { XCTAssertEqual($0 as? BatchShardError, .indexOutOfRange(index: -1, count: 3)) }
        XCTAssertThrowsError(try BatchShard(parsing: "0/0")) { XCTAssertEqual($0 as? BatchShardError, .countOutOfRange(0)) }
        for text in ["", "1", "1/", "/3", "a/3", "1/3/4", "1 / 3", "99999999999999999999/3"] {
            XCTAssertThrowsError(try BatchShard(parsing: text), text) { XCTAssertEqual($0 as? BatchShardError, .unreadable(text)) }
        }
        XCTAssertEqual("\(BatchShardError.indexOutOfRange(index: 3, count: 3))", "shard 3 of 3 does not exist: K goes from 0 to 2")
    }

    func testAShardJobKeepsItsShardInputRecordsAndDigest() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-shard-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try BatchJobStore(path: path)
        _ = try store.createJob(id: "s1", swarm: "s.toml", input: "in.csv", inputBytes: 10, output: "o.jsonl", options: "{}",
                                shard: try BatchShard(index: 1, count: 4), inputFingerprint: "fnv1a64:0123456789abcdef")
        _ = try store.createJob(id: "plain", swarm: "s.toml", input: "in.csv", inputBytes: 10, output: "p.jsonl", options: "{}")
        try store.setInputRecords("s1", 40)
        try store.register(job: "s1", tickets: [RegisteredTicket(ticket: "b", line: 3, position: 7), RegisteredTicket(ticket: "a", line: 2, position: 2)])
        try store.record(job: "s1", results: [TicketOutcome(ticket: "b", line: "{}", verdict: "flagged")])

        let reopened = try BatchJobStore(database: Database(path: path, access: .readOnly))
        let job = try reopened.job("s1")
        XCTAssertEqual(job.shard, try BatchShard(index: 1, count: 4))
        XCTAssertEqual(job.inputRecords, 40)
        XCTAssertEqual(job.inputFingerprint, "fnv1a64:0123456789abcdef")
        XCTAssertNil(try reopened.job("plain").shard)
        XCTAssertNil(try reopened.job("plain").inputRecords)

        let cursor = try reopened.items(job: "s1", withResults: true)
        let first = try XCTUnwrap(cursor.next())
        let second = try XCTUnwrap(cursor.next())
        XCTAssertNil(try cursor.next())
        XCTAssertNil(try cursor.next(), "an exhausted cursor stays exhausted")
        XCTAssertEqual([first.ticket, second.ticket], ["a", "b"], "in input order")
        XCTAssertEqual(first.state, "pending")
        XCTAssertNil(first.result)
        XCTAssertEqual(second.verdict, "flagged")
        XCTAssertEqual(second.result, "{}")
        XCTAssertNil(try reopened.items(job: "s1", withResults: false).next()?.result)
    }
}
