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
        XCTAssertEqual(try store.register(job: "j\u{0}1", tickets: [("T\u{0}a", 2), ("T\u{0}b", 3)]), 2)
        XCTAssertEqual(try store.pendingTickets(job: "j\u{0}1"), ["T\u{0}a", "T\u{0}b"])
        XCTAssertEqual(try store.record(job: "j\u{0}1", results: [("T\u{0}a", "{\"answer\":\"x\u{0}y\"}", nil)]), 1)
        XCTAssertEqual(try store.unwritten(job: "j\u{0}1").map(\.line), ["{\"answer\":\"x\u{0}y\"}"])
    }
}
