import ApiaryTestSupport
import Foundation
import Store
import XCTest

/// What `apiary run --json` prints and `apiary batch` writes is exactly what
/// `apiary queue import` reads: the imported review item equals the one the
/// command enqueued itself, every field kept (system prompt and ticket fields too).
final class ResultRecordRoundTripTests: XCTestCase {
    func testRunJSONImportsAsTheItemRunEnqueues() throws {
        let dir = try TemporaryDirectory()
        let runDB = dir.url.appendingPathComponent("run.db").path
        let run = try runApiary(["run", ExampleTickets.fastSwarm, "I was charged twice, please refund one payment.",
                                 "--json", "--id", "R-1", "--db", runDB], in: dir.url)
        XCTAssertEqual(run.status, 0, run.error)
        let line = run.output.trimmingCharacters(in: .newlines)
        let record = try RecordJSON.decode(ResultRecord.self, from: line)
        XCTAssertEqual(record.verdict, .flagged, "the policy always reviews billing")
        XCTAssertEqual(try RecordJSON.line(record), line, "decoding and encoding again gives the same line")

        let imported = try importedItems(line, in: dir)
        let enqueued = try ReviewQueue(path: runDB).items().map(\.content)
        XCTAssertEqual(imported, enqueued)
        let item = try XCTUnwrap(imported.first)
        XCTAssertEqual(item.source, ReviewSource(job: "", ticket: "R-1"))
        XCTAssertEqual(item.request, record.request)
        XCTAssertEqual(item.answer, record.answer)
        XCTAssertEqual(item.domain, "billing")
        XCTAssertEqual(item.routeStrategy, "rules")
        XCTAssertEqual(item.routeConfidence, record.route?.confidence)
        XCTAssertEqual(item.specialist, "billing")
        XCTAssertEqual(item.systemPrompt, "You are a billing assistant. Answer in one sentence.")
        XCTAssertEqual(item.flags, record.reasons.map(\.rule))
        XCTAssertEqual(item.reasons, record.reasons.map(\.message))
        XCTAssertEqual(item.verdict, "flagged")
        XCTAssertEqual(item.trace, try RecordJSON.line(record.trace))
    }

    func testBatchLinesImportAsTheItemsBatchEnqueues() throws {
        let dir = try TemporaryDirectory()
        let input = try ExampleTickets.write(count: 6, extra: [ExampleTickets.failing(id: "FAIL-1")], in: dir.url)
        let out = dir.url.appendingPathComponent("results.jsonl").path
        let db = dir.url.appendingPathComponent("batch.db").path
        let batch = try runApiary(["batch", ExampleTickets.fastSwarm, input, "--out", out, "--db", db, "--job", "j1", "--quiet"], in: dir.url)
        XCTAssertEqual(batch.status, 0, batch.error)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        let reviewed = try lines.filter { [.flagged, .failed].contains(try RecordJSON.decode(ResultRecord.self, from: $0).verdict) }
        XCTAssertFalse(reviewed.isEmpty)

        let imported = try importedItems(reviewed.joined(separator: "\n"), in: dir)
        let enqueued = try ReviewQueue(path: db).items().map(\.content)
        XCTAssertEqual(imported.sorted { $0.source.ticket < $1.source.ticket }, enqueued.sorted { $0.source.ticket < $1.source.ticket })
        XCTAssertTrue(imported.allSatisfy { $0.source.job == "j1" && !$0.ticketFields.isEmpty })
    }

    /// The review items `apiary queue import` makes of `lines`, in a fresh database.
    private func importedItems(_ lines: String, in dir: TemporaryDirectory) throws -> [NewReviewItem] {
        let file = try dir.write("import-\(UUID().uuidString).jsonl", lines + "\n")
        let db = dir.url.appendingPathComponent("import-\(UUID().uuidString).db").path
        let result = try runApiary(["queue", "import", file, "--db", db], in: dir.url)
        XCTAssertEqual(result.status, 0, result.error + result.output)
        return try ReviewQueue(path: db).items().map(\.content)
    }
}
