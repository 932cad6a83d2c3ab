import Foundation
import XCTest
@testable import Store

/// The batch path stores ticket ids and result lines byte for byte: ids that differ only after a
/// NUL stay two tickets, and a NUL in a result line is not the end of it.
final class BatchJobStoreTextTests: XCTestCase {
    func testTicketIdsAndResultLinesWithNULAreKeptWhole() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("jobs.db").path
        let store = try BatchJobStore(path: path)
        _ = try store.createJob(id: "j\u{0}1", swarm: "s.toml", input: "in.csv", inputBytes: 1, output: "out.jsonl", options: "{}")
        let tickets = [RegisteredTicket(ticket: "T\u{0}a", line: 2, position: 1), RegisteredTicket(ticket: "T\u{0}b", line: 3, position: 2)]
        XCTAssertEqual(try store.register(job: "j\u{0}1", tickets: tickets), 2)
        XCTAssertEqual(try store.pendingTickets(job: "j\u{0}1"), ["T\u{0}a", "T\u{0}b"])
        let outcome = TicketOutcome(ticket: "T\u{0}a", line: "{\"answer\":\"x\u{0}y\"}", verdict: "accepted")
        XCTAssertEqual(try store.record(job: "j\u{0}1", results: [outcome]), 1)
        XCTAssertEqual(try store.unwritten(job: "j\u{0}1").map(\.line), ["{\"answer\":\"x\u{0}y\"}"])
    }
}
