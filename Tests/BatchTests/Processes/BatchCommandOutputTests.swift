import ApiaryTestSupport
import Foundation
import Store
import XCTest

/// `apiary batch --out` never writes results into the database it keeps its jobs in, nor into
/// any other SQLite file.
final class BatchCommandOutputTests: XCTestCase {
    func testResultsAreNotWrittenIntoADatabase() throws {
        let directory = try TemporaryDirectory()
        let db = directory.url.appendingPathComponent("apiary.db").path
        try ReviewQueue(path: db).enqueue(NewReviewItem(source: ReviewSource(job: "", ticket: "1"), request: "hi", answer: "hello"))
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let link = directory.url.appendingPathComponent("results.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: db)
        for out in [db, link] {
            let result = try runApiary(["batch", ExampleTickets.fastSwarm, ExampleTickets.root.appendingPathComponent("examples/tickets.csv").path,
                                        "--out", out, "--db", db], in: directory.url)
            XCTAssertEqual(result.status, 1, result.error)
            XCTAssertTrue(result.error.contains("refusing to write results to \(out)"), result.error)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)
    }
}
