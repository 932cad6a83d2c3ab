import Foundation
import XCTest
@testable import Store

/// The result record's JSON: one shape written and read back without loss, and
/// the review item made of it keeps every field.
final class ResultRecordTests: XCTestCase {
    private let record = ResultRecord(
        id: "SUP-42", job: "job-7", position: 3, line: 5, request: "I was charged twice for order [NUMBER].",
        ticket: ["priority": "high", "user.login": "octocat", "Issue key": "SUP-42"], domain: "billing",
        route: .init(confidence: 0.93, strategy: "rules", action: "answer", seconds: 0.001,
                     strategies: [.init(strategy: "rules", scores: ["billing": 0.93, "shipping": 0.07], decided: true, seconds: 0.001)]),
        specialist: "billing", systemPrompt: "You are a billing assistant.", answer: "A refund is on its way.",
        audit: .init(score: 0.41, method: "yes_no", distribution: ["yes": 0.41, "no": 0.59], reasons: ["auditor: P(yes) = 0.41"],
                     seconds: 0.2, promptTokens: 120),
        verdict: .flagged,
        reasons: [.init(rule: "audit_score", message: "audit score 0.41 below threshold 0.60"),
                  .init(rule: "request_shortened", message: "request shortened from 5530 to 900 tokens")],
        seconds: 1.5, tokensIn: 260, tokensOut: 12,
        trace: [.init(step: "specialist.billing", seconds: 1.2, tokensIn: 140, tokensOut: 12, notes: ["finish: stop"])])

    func testALineDecodesToTheSameRecordAndEncodesToTheSameLine() throws {
        let line = try RecordJSON.line(record)
        XCTAssertFalse(line.contains("\n"))
        XCTAssertEqual(try RecordJSON.decode(ResultRecord.self, from: line), record)
        XCTAssertEqual(try RecordJSON.line(RecordJSON.decode(ResultRecord.self, from: line)), line)
    }

    func testEveryKeyIsWrittenAndEachFactOnce() throws {
        let empty = ResultRecord(id: nil, request: "x", verdict: .rejected)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try RecordJSON.line(empty).utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["id", "job", "position", "line", "request", "ticket", "domain", "route", "specialist",
                                          "system_prompt", "answer", "audit", "verdict", "reasons", "seconds", "tokens_in",
                                          "tokens_out", "trace"])
        XCTAssertTrue(object["answer"] is NSNull)
        let full = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try RecordJSON.line(record).utf8)) as? [String: Any])
        XCTAssertNil((full["route"] as? [String: Any])?["domain"], "the domain is only at the top")
        XCTAssertNil(full["score"], "the score is only in audit")
    }

    func testTheImportedItemKeepsEveryField() throws {
        let item = try QueueImport.item(fromLine: try RecordJSON.line(record))
        XCTAssertEqual(item, try NewReviewItem(record))
        XCTAssertEqual(item.source, ReviewSource(job: "job-7", ticket: "SUP-42"))
        XCTAssertEqual(item.request, record.request)
        XCTAssertEqual(item.answer, record.answer)
        XCTAssertEqual(item.domain, "billing")
        XCTAssertEqual(item.routeConfidence, 0.93)
        XCTAssertEqual(item.routeStrategy, "rules")
        XCTAssertEqual(item.specialist, "billing")
        XCTAssertEqual(item.auditScore, 0.41)
        XCTAssertEqual(item.reasons, ["auditor: P(yes) = 0.41", "audit score 0.41 below threshold 0.60",
                                      "request shortened from 5530 to 900 tokens"])
        XCTAssertEqual(item.flags, ["audit_score", "request_shortened"])
        XCTAssertEqual(item.verdict, "flagged")
        XCTAssertEqual(item.systemPrompt, "You are a billing assistant.")
        XCTAssertEqual(item.ticketFields, record.ticket)
        XCTAssertEqual(item.trace, try RecordJSON.line(record.trace))

        let (queue, _, _) = try makeQueue(self)
        guard case .added(let id) = try queue.enqueue(item) else { return XCTFail("not added") }
        XCTAssertEqual(try queue.item(id).content, item, "stored and read back unchanged")
    }

    func testABrokenRecordSaysWhichFieldIsWrong() throws {
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try RecordJSON.line(record).utf8)) as? [String: Any])
        object["audit"] = ["score": "high", "method": "yes_no", "distribution": [:], "reasons": [], "seconds": 0, "prompt_tokens": 1]
        let line = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        XCTAssertThrowsError(try QueueImport.item(fromLine: line)) { error in
            XCTAssertEqual((error as? QueueImport.Problem)?.message, "a result record: expected \"audit.score\" to be a number")
        }
    }
}
