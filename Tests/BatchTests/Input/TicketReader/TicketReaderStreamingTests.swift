import Foundation
import XCTest
@testable import Batch

/// A large export is read in bounded memory: the reader never holds more than its read buffer
/// plus one record, and the process's peak memory does not grow with the file.
final class TicketReaderStreamingTests: XCTestCase {
    /// About 50 MB: 130,000 tickets of ~385 bytes with quoted, multi-line, comma-laden bodies.
    private static let rowCount = 130_000

    func testFiftyMegabyteCSVIsReadInBoundedMemory() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("large.csv").path
        let (size, longestRow) = try writeLargeCSV(to: path, rows: TicketReaderStreamingTests.rowCount)
        XCTAssertGreaterThan(size, 45_000_000)

        let peakBefore = try peakResidentBytes()
        let reader = try TicketReader(path: path)
        var tickets = 0
        var lastId = ""
        for item in reader {
            switch item {
            case .ticket(let ticket):
                tickets += 1
                lastId = ticket.id
            case .rejected(let rejection):
                XCTFail("unexpected rejection: \(rejection)")
            case .failed(let error):
                XCTFail("unexpected failure: \(error)")
            }
        }
        let peakAfter = try peakResidentBytes()

        XCTAssertEqual(tickets, TicketReaderStreamingTests.rowCount)
        XCTAssertEqual(lastId, "T-\(TicketReaderStreamingTests.rowCount - 1)")
        XCTAssertEqual(reader.format, .csv)
        // The reader's own bound: one 64 KiB chunk plus the longest record.
        XCTAssertLessThanOrEqual(reader.peakBufferedBytes, 64 * 1024 + longestRow)
        // And the process's: its peak resident size grows by well under the file's size. It does
        // grow a little: the duplicate-id table holds 130,000 short strings (about 10 MB).
        if let peakBefore, let peakAfter {
            XCTAssertLessThan(peakAfter - peakBefore, size / 2,
                              "peak RSS grew by \(peakAfter - peakBefore) bytes reading a \(size)-byte file")
        }
    }

    /// Writes the CSV a megabyte at a time, so writing it needs no more memory than reading it.
    private func writeLargeCSV(to path: String, rows: Int) throws -> (size: Int, longestRow: Int) {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var size = 0
        var longest = 0
        var batch = "id,subject,description,priority,tags\r\n"
        let paragraph = "The dashboard shows \"\"Error 502\"\", then logs me out, again and again; "
            + "clearing the cache, trying another browser, and waiting an hour did not help."
        for row in 0..<rows {
            let line = "T-\(row),Dashboard logs me out (case \(row)),\"\(paragraph)\r\n\r\n\(paragraph)\r\n"
                + "Account \(row % 977), region \(row % 7).\",\(["low", "normal", "high"][row % 3]),\"web,auth\"\r\n"
            longest = max(longest, line.utf8.count)
            batch += line
            if batch.utf8.count >= 1 << 20 || row == rows - 1 {
                try handle.write(contentsOf: Data(batch.utf8))
                size += batch.utf8.count
                batch = ""
            }
        }
        return (size, longest)
    }

    /// The process's peak resident set size (`VmHWM`), or `nil` where /proc is not available.
    private func peakResidentBytes() throws -> Int? {
        #if os(Linux)
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else {
            XCTFail("no VmHWM in /proc/self/status")
            return nil
        }
        return kilobytes * 1024
        #else
        return nil
        #endif
    }
}

/// JSON arrays and JSON lines hold one element or line at a time, whatever the file size.
final class TicketReaderJSONStreamingTests: XCTestCase {
    private static let ticketCount = 20_000

    private func writeTickets(to path: String, prefix: String, separator: String, suffix: String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var batch = prefix
        var size = 0
        for index in 0..<TicketReaderJSONStreamingTests.ticketCount {
            if index > 0 { batch += separator }
            batch += #"{"id": \#(index), "subject": "Refund \#(index)", "description": "<p>Order \#(index) arrived broken &amp; late.</p>", "#
                + #""tags": ["refund", "shipping"], "via": {"channel": "email"}, "pad": "\#(String(repeating: "x", count: 300))"}"#
            if batch.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(batch.utf8))
                size += batch.utf8.count
                batch = ""
            }
        }
        batch += suffix
        try handle.write(contentsOf: Data(batch.utf8))
        return size + batch.utf8.count
    }

    private func checkBounded(_ path: String, size: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let reader = try TicketReader(path: path)
        XCTAssertEqual(reader.format, .zendesk, file: file, line: line)
        let result = collect(reader)
        XCTAssertNil(result.failure, file: file, line: line)
        XCTAssertEqual(result.tickets.count, TicketReaderJSONStreamingTests.ticketCount, file: file, line: line)
        XCTAssertEqual(result.tickets.last?.text, "Refund 19999\n\nOrder 19999 arrived broken & late.", file: file, line: line)
        // One chunk plus one element (about 470 bytes), against a file of about 9 MB.
        XCTAssertLessThanOrEqual(reader.peakBufferedBytes, 64 * 1024 + 1024, file: file, line: line)
        XCTAssertGreaterThan(size, 8_000_000, file: file, line: line)
    }

    func testZendeskPageIsReadOneElementAtATime() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("page.json").path
        let size = try writeTickets(to: path, prefix: "{\"tickets\": [\n", separator: ",\n", suffix: "\n], \"count\": 20000}\n")
        try checkBounded(path, size: size)
    }

    func testJSONLinesAreReadOneLineAtATime() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("export.jsonl").path
        let size = try writeTickets(to: path, prefix: "", separator: "\n", suffix: "\n")
        try checkBounded(path, size: size)
    }
}
