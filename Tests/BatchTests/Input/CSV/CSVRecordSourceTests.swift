import XCTest
@testable import Batch

/// Reading CSV files as a whole: header, BOM, delimiter, chunk boundaries.
final class CSVRecordSourceTests: XCTestCase {
    private func records(_ path: String, chunkSize: Int = 64 * 1024) throws -> (header: [String], records: [[String]]) {
        let source = try CSVRecordSource(reader: ByteReader(path: path, chunkSize: chunkSize), limits: TicketLimits())
        var records: [[String]] = []
        while let record = try source.nextRecord() {
            guard case .fields(let fields) = record else { XCTFail("unreadable: \(record)"); continue }
            records.append(fields.fields.map(\.value))
        }
        return (source.header, records)
    }

    func testByteOrderMarkIsNotPartOfTheFirstColumnName() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("id,text\n1,a\n".utf8))
        XCTAssertEqual(try records(path).header, ["id", "text"])
    }

    func testQuotedHeaderNamesMayHoldTheDelimiterAndNewlines() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("h.csv", "\"Ticket ID\";\"Subject; short\";\"Long\ndescription\"\n1;a;b\n")
        let read = try records(path)
        XCTAssertEqual(read.header, ["Ticket ID", "Subject; short", "Long\ndescription"])
        XCTAssertEqual(read.records, [["1", "a", "b"]])
    }

    func testTinyChunksGiveTheSameRecordsAsOneChunk() throws {
        let path = Fixtures.path("jira-issues.csv")
        let whole = try records(path)
        for chunkSize in [16, 17, 64] {
            let chunked = try records(path, chunkSize: chunkSize)
            XCTAssertEqual(chunked.header, whole.header, "chunk \(chunkSize)")
            XCTAssertEqual(chunked.records, whole.records, "chunk \(chunkSize)")
        }
        XCTAssertEqual(whole.records.count, 5)
    }

    func testHeaderWithInvalidUTF8IsFatal() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("bad.csv", bytes: Array("id,".utf8) + [0xFF] + Array("x\n1,2\n".utf8))
        let error = inputError { try self.records(path) }
        XCTAssertEqual(error?.kind, .invalidHeader(reason: "column 2 is not valid UTF-8"))
    }
}
