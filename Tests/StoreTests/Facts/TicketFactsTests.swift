import Foundation
import XCTest
@testable import Store

final class TicketFactsTests: XCTestCase {
    private func facts(_ ticket: String, tokensIn: Int, tokensOut: Int, usage: ResourceUsage) -> TicketFacts {
        TicketFacts(job: "j", ticket: ticket, domain: "billing", verdict: "accepted", auditScore: 0.9, tokensIn: tokensIn,
                    tokensOut: tokensOut, seconds: 1.5, usage: usage, models: ["specialist": "qwen", "auditor": "smol"])
    }

    private func jobStore() throws -> BatchJobStore {
        let clock = ManualClock()
        let store = try BatchJobStore(database: Database(path: makeTemporaryDirectory(self).appendingPathComponent("a.db").path),
                                      clock: { clock.now })
        _ = try store.createJob(id: "j", swarm: "s.toml", input: "t.csv", inputBytes: 1, output: "r.jsonl", options: "{}")
        return store
    }

    func testFactsAddUpToTheJobsSumsAndATicketIsRecordedOnce() throws {
        let store = try jobStore()
        try store.record(facts("a", tokensIn: 100, tokensOut: 20, usage: ResourceUsage(wallSeconds: 2, cpuSeconds: 3, energyJoules: nil)))
        try store.record(facts("b", tokensIn: 50, tokensOut: 5, usage: ResourceUsage(wallSeconds: 1, cpuSeconds: 1.5, energyJoules: nil)))
        try store.record(facts("b", tokensIn: 999, tokensOut: 999, usage: ResourceUsage(wallSeconds: 9, cpuSeconds: 9, energyJoules: 9)))
        let job = try XCTUnwrap(store.jobFacts()["j"])
        XCTAssertEqual(job.tokensIn, 150)
        XCTAssertEqual(job.tokensOut, 25)
        XCTAssertEqual(job.usage, ResourceUsage(wallSeconds: 3, cpuSeconds: 4.5, energyJoules: nil), "no energy was measured")
        XCTAssertEqual(job.models, ["specialist": "qwen", "auditor": "smol"])
        let tickets = try store.ticketFacts(job: "j")
        XCTAssertEqual(tickets.map(\.ticket), ["a", "b"])
        XCTAssertEqual(tickets[1].tokensIn, 50)
        XCTAssertEqual(tickets[0].recordedAt, Date(timeIntervalSince1970: 1_800_000_000))
    }

    func testMeasuredEnergyIsSummedOnlyWhereMeasured() throws {
        let store = try jobStore()
        try store.record(facts("a", tokensIn: 1, tokensOut: 1, usage: ResourceUsage(wallSeconds: 1, cpuSeconds: 1, energyJoules: 40)))
        try store.record(facts("b", tokensIn: 1, tokensOut: 1, usage: ResourceUsage(wallSeconds: 1, cpuSeconds: 1, energyJoules: nil)))
        try store.record(facts("c", tokensIn: 1, tokensOut: 1, usage: ResourceUsage(wallSeconds: 1, cpuSeconds: 1, energyJoules: 2.5)))
        XCTAssertEqual(try store.jobFacts()["j"]?.usage.energyJoules, 42.5)
        XCTAssertEqual(try store.ticketFacts().map(\.usage.energyJoules), [40, nil, 2.5])
    }

    func testAnOldDatabaseMigratesAndItsResultsBecomeFacts() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("old.db").path
        // A database as the previous release left it (result records, positions and verdicts): without the facts migration.
        let old = try Database(path: path)
        try Migrator(ReviewQueueSchema.migrations + BatchJobSchema.migrations).migrate(old)
        try old.execute("""
            INSERT INTO batch_jobs (id, swarm, input, input_bytes, output, status, total, last_seq, created_at, updated_at)
            VALUES ('old-job', 's.toml', 't.csv', 10, 'r.jsonl', 'finished', 3, 3, 1000, 2000)
            """)
        let record = ResultRecord(id: "1", job: "old-job", position: 1, line: 2, request: "r", domain: "billing",
                                  audit: ResultRecord.Audit(score: 0.75, method: "yes_no", distribution: [:], reasons: [], seconds: 0.1, promptTokens: 9),
                                  verdict: .accepted, seconds: 2.5, tokensIn: 120, tokensOut: 30)
        let lines = [
            // A result record, and a line as releases before result records wrote it (score at the top).
            (try RecordJSON.line(record), "accepted"),
            (#"{"id":"2","domain":null,"verdict":"flagged","score":null,"tokens_in":80,"tokens_out":0,"seconds":0.5}"#, "flagged"),
        ]
        for (index, (line, verdict)) in lines.enumerated() {
            try old.execute("""
                INSERT INTO batch_items (job_id, ticket, line, position, state, result, verdict, write_seq, updated_at)
                VALUES ('old-job', ?, ?, ?, 'done', ?, ?, ?, 3000)
                """, "\(index + 1)", index + 2, index + 1, line, verdict, index + 1)
        }
        try old.execute("""
            INSERT INTO batch_items (job_id, ticket, line, position, state, result, verdict, reason, write_seq, updated_at)
            VALUES ('old-job', 'x@line9', 9, 3, 'rejected', '{}', 'rejected', 'empty', 3, 3000)
            """)

        let store = try BatchJobStore(database: Database(path: path))
        XCTAssertTrue(try Migrator(StoreSchema.migrations).appliedMigrations(store.database).contains("facts-1-ticket-and-job-facts"))
        let facts = try store.ticketFacts(job: "old-job")
        XCTAssertEqual(facts.map(\.ticket), ["1", "2"], "only answered tickets have facts")
        XCTAssertEqual(facts[0].domain, "billing")
        XCTAssertEqual(facts[0].auditScore, 0.75)
        XCTAssertEqual(facts[0].seconds, 2.5)
        XCTAssertNil(facts[1].domain)
        XCTAssertEqual(facts[1].verdict, "flagged")
        XCTAssertEqual(try store.jobFacts()["old-job"]?.tokensIn, 200)
        XCTAssertEqual(try store.jobFacts()["old-job"]?.tokensOut, 30)
        XCTAssertEqual(try store.job("old-job").status, .finished, "the job itself is untouched")
    }
}
