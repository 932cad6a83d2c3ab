import ApiaryTestSupport
import Foundation
import Store
import XCTest

/// `apiary audit`: answers from elsewhere scored under the swarm's auditor and
/// policy; bad lines reported with their line number, the others still audited.
final class AuditCommandTests: XCTestCase {
    static var swarm: String { ExampleTickets.root.appendingPathComponent("Tests/BatchTests/Fixtures/audit-swarm.toml").path }

    func testPairsAreAuditedAndBadLinesReportedWithTheirNumbers() throws {
        let dir = try TemporaryDirectory()
        let long = String(repeating: "The hedge trimmer stopped after two weeks and the motor smells burnt. ", count: 450)
        func line(_ object: [String: Any]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        let file = try dir.write("answers.jsonl", [
            try line(["id": "A-1", "request": "My hedge trimmer broke after two weeks.",
                      "answer": "We will replace it under warranty; please send the receipt.", "domain": "warranty"]),
            "not json",
            try line(["id": "A-2", "request": long, "answer": "Send it in and we will repair it."]),
            try line(["id": 3, "request": "", "answer": "x"]),
            try line(["id": "A-4", "request": "hi", "answer": "hello", "domain": "lawn"]),
            "",
        ].joined(separator: "\n"))

        let result = try runApiary(["audit", Self.swarm, file, "--json"], in: dir.url)
        XCTAssertEqual(result.status, 1, "bad lines make the exit status 1")
        XCTAssertTrue(result.error.contains("answers.jsonl:2: expected one JSON object per line"), result.error)
        XCTAssertTrue(result.error.contains("answers.jsonl:4: expected \"request\""), result.error)
        XCTAssertTrue(result.error.contains("answers.jsonl:5: unknown domain \"lawn\"; the swarm has warranty, parts"), result.error)

        let records = try result.output.split(separator: "\n").map { try RecordJSON.decode(ResultRecord.self, from: String($0)) }
        XCTAssertEqual(records.map(\.id), ["A-1", "A-2"])
        XCTAssertEqual(records.map(\.line), [1, 3])
        XCTAssertEqual(records[0].domain, "warranty")
        for record in records {
            let score = try XCTUnwrap(record.audit?.score)
            XCTAssertTrue((0...1).contains(score))
            XCTAssertTrue([.accepted, .flagged].contains(record.verdict))
        }
        let shortened = try XCTUnwrap(records[1].reasons.first { $0.rule == "request_shortened" }, "\(records[1].reasons)")
        XCTAssertTrue(shortened.message.contains("auditor"), shortened.message)
        XCTAssertEqual(records[1].verdict, .flagged)
        XCTAssertLessThan(try XCTUnwrap(records[1].audit?.promptTokens), 1024)
    }

    func testPlainOutputShowsScoreVerdictAndReasons() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("one.jsonl", #"{"id":"A-1","request":"The battery of my mower broke.","answer":"Sorry to hear that.","domain":"parts"}"# + "\n")
        let result = try runApiary(["audit", Self.swarm, file], in: dir.url)
        XCTAssertEqual(result.status, 0, result.error)
        let first = try XCTUnwrap(result.output.split(separator: "\n").first)
        XCTAssertTrue(first.hasPrefix("A-1\tscore 0."), String(first))
        XCTAssertTrue(result.output.contains("  - auditor: P(yes) = "), result.output)
    }

    func testASwarmWithoutAuditorIsRefused() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("one.jsonl", #"{"id":"A-1","request":"hi","answer":"hello"}"# + "\n")
        let result = try runApiary(["audit", ExampleTickets.fastSwarm, file], in: dir.url)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.error.contains("has no [auditor]"), result.error)
    }
}
