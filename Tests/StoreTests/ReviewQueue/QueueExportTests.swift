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

    func testCSVFieldsAreQuotedPerRFC4180() {
        XCTAssertEqual(QueueExport.csvField("plain"), "plain")
        XCTAssertEqual(QueueExport.csvField("a,b"), "\"a,b\"")
        XCTAssertEqual(QueueExport.csvField("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(QueueExport.csvField("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(QueueExport.csvField("crlf\r\nend"), "\"crlf\r\nend\"")
        XCTAssertEqual(QueueExport.csvLine(["a", "b,c"]), "a,\"b,c\"\r\n")
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

/// Spreadsheets run a cell that starts with = + - @ (or tab, CR) as a formula: exported cells are
/// escaped as OWASP recommends, a leading single quote inside a quoted field.
final class QueueExportCSVInjectionTests: XCTestCase {
    func testFormulaCellsGetAQuotePrefixAndQuotes() {
        XCTAssertEqual(QueueExport.csvField("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        XCTAssertEqual(QueueExport.csvField("+1+cmd|' /C calc'!A0"), "\"'+1+cmd|' /C calc'!A0\"")
        XCTAssertEqual(QueueExport.csvField("-2+3"), "\"'-2+3\"")
        XCTAssertEqual(QueueExport.csvField("@SUM(A1)"), "\"'@SUM(A1)\"")
        XCTAssertEqual(QueueExport.csvField("\t=1"), "\"'\t=1\"")
        XCTAssertEqual(QueueExport.csvField("\r=1"), "\"'\r=1\"")
    }

    func testPlainNumbersAndOrdinaryTextAreUnchanged() {
        XCTAssertEqual(QueueExport.csvField("-0.5"), "-0.5")
        XCTAssertEqual(QueueExport.csvField("0.42"), "0.42")
        XCTAssertEqual(QueueExport.csvField("a = b"), "a = b")
        XCTAssertEqual(QueueExport.csvField("mail me @ home"), "mail me @ home")
    }

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
