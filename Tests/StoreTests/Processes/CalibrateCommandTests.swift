import ApiaryTestSupport
import Foundation
import XCTest
@testable import Store

/// `apiary calibrate` on a made-up decision log whose figures are known by hand.
final class CalibrateCommandTests: XCTestCase {
    private var directory: URL!
    private var db: String { directory.appendingPathComponent("apiary.db").path }

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    /// Approved at 0.9, 0.8, 0.6, 0.4; rejected at 0.7 and 0.3; edited at 0.2; one item
    /// without a score (left out) and one pending (not decided).
    private func makeLog() throws {
        let queue = try ReviewQueue(path: db)
        var ticket = 0
        func add(_ score: Double?) throws -> Int64 {
            ticket += 1
            var item = sampleItem(ticket: "\(ticket)")
            item.auditScore = score
            guard case .added(let id) = try queue.enqueue(item) else { throw XCTSkip("not added") }
            return id
        }
        for score in [0.9, 0.8, 0.6, 0.4] { try queue.decide(itemID: try add(score), as: "ana", .approve) }
        for score in [0.7, 0.3] { try queue.decide(itemID: try add(score), as: "ben", .reject(reason: "wrong")) }
        try queue.decide(itemID: try add(0.2), as: "ana", .edit(newAnswer: "Fixed."))
        try queue.decide(itemID: try add(nil), as: "ana", .approve)
        _ = try add(0.1)
    }

    private func policy() throws -> String {
        let path = directory.appendingPathComponent("policy.toml").path
        try "# reviewed answers\n[audit]\nthreshold = 0.5   # flag below this\n\n[review]\nalways = []\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testFiguresAndTheThresholdMeetingTheTargetWrittenInPlace() throws {
        try makeLog()
        let policy = try policy()
        let result = try runApiary(["calibrate", "--db", db, "--policy", policy, "--max-missed", "0%", "--write", "--json"], in: directory)
        XCTAssertEqual(result.status, 0, result.error)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        XCTAssertEqual(report["unscored"] as? Int, 1)
        let agreement = try XCTUnwrap(report["agreement"] as? [String: Any])
        XCTAssertEqual(agreement["decided"] as? Int, 7)
        XCTAssertEqual(agreement["approved"] as? Int, 4)
        XCTAssertEqual(agreement["auroc"] as! Double, 10.0 / 12, accuracy: 1e-12)
        let current = try XCTUnwrap(agreement["current"] as? [String: Any])
        XCTAssertEqual(current["threshold"] as? Double, 0.5)
        XCTAssertEqual(current["precision"] as! Double, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(current["recall"] as! Double, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(current["kappa"] as! Double, 10.0 / 24, accuracy: 1e-12)
        let suggested = try XCTUnwrap(agreement["suggested"] as? [String: Any])
        XCTAssertEqual(suggested["threshold"] as? Double, 0.75)
        XCTAssertEqual(suggested["missed"] as? Double, 0)
        XCTAssertEqual(try String(contentsOfFile: policy, encoding: .utf8),
                       "# reviewed answers\n[audit]\nthreshold = 0.75   # flag below this\n\n[review]\nalways = []\n")
    }

    func testTextReportAndTargetReviewRate() throws {
        try makeLog()
        let result = try runApiary(["calibrate", "--db", db, "--policy", try policy(), "--target-review-rate", "20%"], in: directory)
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.output.contains("7 decided items with an audit score (4 approved, 3 rejected or edited); 1 without a score left out"),
                      result.output)
        XCTAssertTrue(result.output.contains("AUROC of the audit score (approved vs rejected or edited): 0.833"), result.output)
        XCTAssertTrue(result.output.contains("suggested 0.25"), result.output)
    }

    func testUsageErrors() throws {
        try makeLog()
        XCTAssertEqual(try runApiary(["calibrate", "--db", db, "--write"], in: directory).status, 2)
        XCTAssertEqual(try runApiary(["calibrate", "--db", db, "--max-missed", "150%"], in: directory).status, 2)
        XCTAssertEqual(try runApiary(["calibrate", "--db", directory.appendingPathComponent("none.db").path], in: directory).status, 1)
    }
}
