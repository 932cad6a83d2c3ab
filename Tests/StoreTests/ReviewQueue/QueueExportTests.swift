import Foundation
import XCTest
@testable import Store

final class QueueExportTests: XCTestCase {
    private func decidedQueue() throws -> ReviewQueue {
        let (queue, _, _) = try makeQueue(self)
        var tricky = sampleItem(ticket: "1")
        tricky.request = "Line one, with a comma\nand \"quotes\""
        try queue.enqueue(tricky)
        try queue.enqueue(sampleItem(ticket: "2"))
        try queue.enqueue(sampleItem(ticket: "3"))
        try queue.enqueue(sampleItem(ticket: "4"))
        let ids = try queue.items().map(\.id)
        try queue.decide(itemID: ids[0], as: "ana", .approve)
        try queue.decide(itemID: ids[1], as: "ana", .reject(reason: "no"))
        try queue.decide(itemID: ids[2], as: "ana", .edit(newAnswer: "Better answer."))
        return queue
    }

    private func export(_ queue: ReviewQueue, _ format: ExportFormat, statuses: [ReviewStatus] = []) throws -> String {
        var out = ""
        try queue.export(format, statuses: statuses) { out += $0 }
        return out
    }

    func testCSVLinesJoinEscapedFieldsAndEndWithCRLF() {
        XCTAssertEqual(QueueExport.csvLine(["a", "b,c", "=1+1"]), "a,\"b,c\",\"'=1+1\"\r\n")
    }

    func testCSVExportHasAHeaderAndOneRecordPerDecision() throws {
        let csv = try export(try decidedQueue(), .csv)
        XCTAssertTrue(csv.hasPrefix(QueueExport.csvColumns.joined(separator: ",") + "\r\n"))
        XCTAssertTrue(csv.contains("\"Line one, with a comma\nand \"\"quotes\"\"\""), csv)
        // Header + 3 decided items; the quoted newline is not a record end.
        XCTAssertEqual(csv.components(separatedBy: "\r\n").count - 1, 4)
    }

    func testJSONLExportsDecisionsByDefaultAndHonoursStatus() throws {
        let queue = try decidedQueue()
        let lines = try export(queue, .jsonl).split(separator: "\n").map { try JSONValue.parse(String($0)) }
        XCTAssertEqual(lines.map { $0["status"]?.stringValue }, ["approved", "rejected", "edited"])
        XCTAssertEqual(lines[1]["reject_reason"], .string("no"))
        let pending = try export(queue, .jsonl, statuses: [.pending]).split(separator: "\n")
        XCTAssertEqual(pending.count, 1)
    }

    func testSFTExportWritesApprovedAndEditedAnswersAsChats() throws {
        let queue = try decidedQueue()
        let lines = try export(queue, .sft).split(separator: "\n").map { try JSONValue.parse(String($0)) }
        XCTAssertEqual(lines.count, 2)
        guard case .array(let messages)? = lines[1]["messages"] else { return XCTFail("no messages") }
        XCTAssertEqual(messages.map { $0["role"]?.stringValue }, ["system", "user", "assistant"])
        XCTAssertEqual(messages[0]["content"], .string("You are the billing specialist. Answer the customer's request."))
        XCTAssertEqual(messages[2]["content"], .string("Better answer."))
        XCTAssertEqual(try export(queue, .sft, statuses: [.rejected]), "", "sft never exports rejected answers")
    }
}

/// An exported answer a spreadsheet would run as a formula (CSV injection) shows as text.
final class QueueExportCSVInjectionTests: XCTestCase {
    func testAnExportedAnswerCannotBeAFormula() throws {
        let (queue, _, _) = try makeQueue(self)
        var item = sampleItem(ticket: "1")
        item.answer = "=cmd|' /C calc'!A0"
        try queue.enqueue(item)
        try queue.decide(itemID: 1, as: "ana", .approve)
        var out = ""
        try queue.export(.csv) { out += $0 }
        XCTAssertTrue(out.contains(",\"'=cmd|' /C calc'!A0\","), out)
        XCTAssertFalse(out.contains(",=cmd"), out)
    }
}
