import ApiaryTestSupport
import Foundation
import Store
import XCTest

/// `apiary batch` over a file with a 30,000-character ticket (too long for the
/// context) and a ticket whose specialist cannot answer it: the job finishes,
/// the long ticket is shortened and flagged, the other is `failed`, results
/// come in input order, and both review items keep the system prompt and the
/// ticket's fields.
final class NoTicketStopsAJobTests: XCTestCase {
    func testLongAndFailingTicketsFinishAndTheJobCompletes() throws {
        let dir = try TemporaryDirectory()
        let input = try ExampleTickets.write(count: 3, extra: [
            ExampleTickets.long(id: "LONG-1", characters: 30_000), ExampleTickets.failing(id: "FAIL-1"), "EMPTY-1,,,billing,eval",
            "HS-LAST,Where is my parcel,\"My parcel tracking has not moved for a week.\",shipping,eval",
        ], in: dir.url)
        let out = dir.url.appendingPathComponent("results.jsonl").path
        let db = dir.url.appendingPathComponent("apiary.db").path
        let run = try runApiary(["batch", ExampleTickets.fastSwarm, input, "--out", out, "--db", db, "--job", "hard",
                                 "--quiet", "--batch", "4", "--json"], in: dir.url)
        XCTAssertEqual(run.status, 0, run.error)

        let records = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            .map { try RecordJSON.decode(ResultRecord.self, from: String($0)) }
        XCTAssertEqual(records.map(\.position), Array(1...7).map(Optional.some), "every record once, in input order")
        XCTAssertEqual(records.map(\.id), ["HS-1001", "HS-1002", "HS-1003", "LONG-1", "FAIL-1", "EMPTY-1", "HS-LAST"])

        let long = records[3]
        XCTAssertEqual(long.verdict, .flagged)
        let shortened = try XCTUnwrap(long.reasons.first { $0.rule == "request_shortened" }, "\(long.reasons)")
        XCTAssertTrue(shortened.message.hasPrefix("request shortened from "), shortened.message)
        let counts = shortened.message.split(separator: " ").compactMap { Int($0) }
        XCTAssertGreaterThan(counts[0], 1024, "the whole request exceeds the context")
        XCTAssertLessThan(counts[1], 1024)
        XCTAssertNotNil(long.answer)
        XCTAssertGreaterThanOrEqual(long.request.count, 30_000, "the record keeps the whole request")
        XCTAssertLessThan(try XCTUnwrap(long.trace.first { $0.step == "specialist.billing" }).tokensIn, 1024)

        let failed = records[4]
        XCTAssertEqual(failed.verdict, .failed)
        XCTAssertNil(failed.answer)
        let failure = try XCTUnwrap(failed.reasons.first)
        XCTAssertEqual(failure.rule, "failure")
        XCTAssertTrue(failure.message.contains("specialist legal"), failure.message)
        XCTAssertEqual(records[5].verdict, .rejected)
        XCTAssertNotNil(records[6].answer, "tickets after the failure are answered")

        // Latencies: from the round's start, so later results never report less than their own steps.
        for record in records where record.verdict != .rejected {
            XCTAssertGreaterThan(record.seconds, 0)
            XCTAssertGreaterThanOrEqual(record.seconds + 1e-6, record.trace.reduce(0) { $0 + $1.seconds } * 0.5)
        }

        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        XCTAssertEqual(report["status"] as? String, "finished")
        XCTAssertEqual(report["failed"] as? Int, 1)
        let reuse = try XCTUnwrap(report["prefix_reuse"] as? [String: Int], "\(report)")
        XCTAssertGreaterThan(reuse["misses"] ?? 0, 0, "each specialist's prompt prefix was computed: \(reuse)")
        XCTAssertNotNil(reuse["reused_tokens"])
        let jobs = try runApiary(["jobs", "--db", db, "--json"], in: dir.url)
        let job = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(jobs.output.utf8)) as? [String: Any])
        XCTAssertEqual(job["status"] as? String, "finished")
        XCTAssertEqual(job["failed"] as? Int, 1)
        XCTAssertEqual(job["done"] as? Int, 7)

        let queue = try ReviewQueue(path: db)
        let items = Dictionary(uniqueKeysWithValues: try queue.items().map { ($0.source.ticket, $0.content) })
        for ticket in ["LONG-1", "FAIL-1"] {
            let item = try XCTUnwrap(items[ticket], "no review item for \(ticket); have \(items.keys.sorted())")
            XCTAssertEqual(item.source.job, "hard")
            XCTAssertEqual(item.ticketFields, ["domain": ticket == "LONG-1" ? "billing" : "account", "split": "eval"])
        }
        XCTAssertEqual(items["LONG-1"]?.systemPrompt, "You are a billing assistant. Answer in one sentence.")
        XCTAssertTrue(items["FAIL-1"]?.systemPrompt?.hasPrefix("You are a legal assistant") ?? false)
        XCTAssertEqual(items["FAIL-1"]?.verdict, "failed")
        XCTAssertTrue(items["LONG-1"]?.flags.contains("request_shortened") ?? false)

        // The dashboard's figures: the failed ticket's facts, and both unanswered tickets with their reasons.
        let facts = try BatchJobStore(path: db).ticketFacts(job: "hard")
        XCTAssertEqual(facts.count, 6, "every ticket given to the swarm, failed included")
        XCTAssertEqual(facts.first { $0.ticket == "FAIL-1" }?.verdict, "failed")
        let reportRun = try runApiary(["report", "--json", "--db", db, "--out", "-"], in: dir.url)
        XCTAssertEqual(reportRun.status, 0, reportRun.error)
        let figures = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(reportRun.output.utf8)) as? [String: Any])
        let jobFigures = try XCTUnwrap((figures["jobs"] as? [[String: Any]])?.first)
        XCTAssertEqual(jobFigures["failed"] as? Int, 1)
        XCTAssertEqual(jobFigures["rejected"] as? Int, 1)
        let unanswered = try XCTUnwrap(figures["unanswered"] as? [[String: Any]])
        XCTAssertEqual(Set(unanswered.compactMap { $0["verdict"] as? String }), ["failed", "rejected"])
        let failedRow = try XCTUnwrap(unanswered.first { $0["verdict"] as? String == "failed" })
        XCTAssertEqual(failedRow["ticket"] as? String, "FAIL-1")
        XCTAssertTrue((failedRow["reason"] as? String)?.contains("specialist legal") ?? false, "\(failedRow)")
    }

    /// A job that an older version left `running` after a ticket stopped it resumes and finishes.
    func testJobLeftRunningResumesAndFinishes() throws {
        let dir = try TemporaryDirectory()
        let input = try ExampleTickets.write(count: 4, extra: [ExampleTickets.failing(id: "FAIL-1")], in: dir.url)
        let out = dir.url.appendingPathComponent("results.jsonl").path
        let db = dir.url.appendingPathComponent("apiary.db").path
        let first = try runApiary(["batch", ExampleTickets.fastSwarm, input, "--out", out, "--db", db, "--job", "old", "--quiet"], in: dir.url)
        XCTAssertEqual(first.status, 0, first.error)
        let complete = try String(contentsOfFile: out, encoding: .utf8)

        // What the old behaviour left: the job `running`, the failing ticket and the one after it pending.
        let database = try Database(path: db)
        try database.execute("UPDATE batch_jobs SET status = 'running' WHERE id = 'old'")
        try database.execute("""
            UPDATE batch_items SET state = 'pending', result = NULL, verdict = NULL, write_seq = NULL
            WHERE job_id = 'old' AND position >= 4
            """)
        let kept = complete.split(separator: "\n").prefix(3).map { $0 + "\n" }.joined()
        try database.execute("UPDATE batch_jobs SET last_seq = 3, written_seq = 3, output_bytes = ? WHERE id = 'old'", Int64(kept.utf8.count))

        let resumed = try runApiary(["batch", "--resume", "old", "--db", db, "--quiet"], in: dir.url)
        XCTAssertEqual(resumed.status, 0, resumed.error)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 5)
        XCTAssertEqual(try RecordJSON.decode(ResultRecord.self, from: String(lines[4])).verdict, .failed)
        XCTAssertEqual(try BatchJobStore(path: db).job("old").status, .finished)
    }
}
