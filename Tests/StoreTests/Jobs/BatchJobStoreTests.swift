import Foundation
import XCTest
@testable import Store

final class BatchJobStoreTests: XCTestCase {
    private func store() throws -> BatchJobStore {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-jobs-\(UUID().uuidString).db").path
        addTeardownBlock { for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        return try BatchJobStore(path: path)
    }

    private func registered(_ tickets: String...) -> [RegisteredTicket] {
        tickets.enumerated().map { RegisteredTicket(ticket: $1, line: $0 + 2, position: $0 + 1) }
    }

    private func outcome(_ ticket: String, _ verdict: String = "accepted", rejectedBecause: String? = nil) -> TicketOutcome {
        TicketOutcome(ticket: ticket, line: "{\"id\":\"\(ticket)\"}", verdict: verdict, rejectedBecause: rejectedBecause)
    }

    func testResultsAreRecordedOnceAndWrittenInInputOrder() throws {
        let store = try store()
        _ = try store.createJob(id: "j", swarm: "s.toml", input: "in.csv", inputBytes: 10, output: "out.jsonl", options: "{}")
        XCTAssertEqual(try store.register(job: "j", tickets: registered("a", "b", "c")), 3)
        XCTAssertEqual(try store.register(job: "j", tickets: registered("a")), 0, "registering again adds nothing")
        XCTAssertEqual(try store.pendingTickets(job: "j"), ["a", "b", "c"])

        XCTAssertEqual(try store.record(job: "j", results: [outcome("b")]), 1)
        XCTAssertEqual(try store.unwritten(job: "j").map(\.ticket), [], "b waits for a, which comes first in the input")
        XCTAssertEqual(try store.job("j").done, 1)
        XCTAssertEqual(try store.record(job: "j", results: [outcome("b", "flagged")]), 0, "a done ticket is never recorded twice")
        XCTAssertEqual(try store.record(job: "j", results: [outcome("c", "rejected", rejectedBecause: "empty text"), outcome("a", "failed")]), 2)
        XCTAssertEqual(try store.unwritten(job: "j").map(\.ticket), ["a", "b", "c"])
        XCTAssertEqual(try store.unwritten(job: "j").map(\.sequence), [1, 2, 3])

        try store.markWritten(job: "j", through: 2, outputBytes: 30)
        XCTAssertEqual(try store.unwritten(job: "j").map(\.ticket), ["c"])
        let job = try store.job("j")
        XCTAssertEqual(job.total, 3)
        XCTAssertEqual(job.rejected, 1)
        XCTAssertEqual(job.failed, 1)
        XCTAssertEqual(job.done, 3)
        XCTAssertEqual(job.pending, 0)
        XCTAssertEqual(job.outputBytes, 30)
        XCTAssertEqual(try store.pendingTickets(job: "j"), [])
        XCTAssertEqual(try store.results(job: "j"), ["{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"id\":\"c\"}"])
    }

    func testUnknownAndDuplicateJobsAreErrors() throws {
        let store = try store()
        XCTAssertThrowsError(try store.job("nope")) { XCTAssertEqual($0 as? BatchJobError, .noSuchJob("nope")) }
        _ = try store.createJob(id: "j", swarm: "s", input: "i", inputBytes: 1, output: "o", options: "{}")
        XCTAssertThrowsError(try store.createJob(id: "j", swarm: "s", input: "i", inputBytes: 1, output: "o", options: "{}"))
    }

    func testQueueAndJobsShareOneDatabase() throws {
        let store = try store()
        // Opening the review queue on the same database must accept the job migrations.
        XCTAssertNoThrow(try ReviewQueue(database: store.database))
        XCTAssertNoThrow(try BatchJobStore(database: store.database))
    }
}
