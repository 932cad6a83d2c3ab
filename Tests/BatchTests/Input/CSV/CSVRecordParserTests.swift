import ApiaryTestSupport
import XCTest
@testable import Batch

final class CSVRecordParserTests: XCTestCase {
    private struct Parsed: Equatable {
        var fields: [String]
        var line: Int
        var problem: String?
    }

    /// Feeds `text` byte by byte and collects every record.
    private func parse(_ text: String, delimiter: UInt8 = 0x2C, maxRecordBytes: Int = 1 << 20) throws -> [Parsed] {
        var parser = CSVRecordParser(delimiter: delimiter, maxRecordBytes: maxRecordBytes)
        var records: [Parsed] = []
        func take() {
            let fields = (0..<parser.fieldCount).map { String(decoding: parser.field($0), as: UTF8.self) }
            records.append(Parsed(fields: fields, line: parser.recordStart.line, problem: parser.problem))
            parser.startNextRecord()
        }
        for byte in text.utf8 where parser.feed(byte) { take() }
        if try parser.finish(file: "test.csv") { take() }
        return records
    }

    func testQuotedFieldsHoldDelimitersNewlinesAndDoubledQuotes() throws {
        let records = try parse("a,\"b, with comma\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,row,x,y\n")
        XCTAssertEqual(records.map(\.fields), [["a", "b, with comma", "say \"hi\"", "two\nlines"], ["next", "row", "x", "y"]])
        XCTAssertEqual(records.map(\.line), [1, 3])
    }

    func testCRLFAndBareCREndRecordsAndCountAsOneLineEach() throws {
        let records = try parse("a,b\r\nc,d\re,f\r\n\"g\r\nh\",i\r\nj,k")
        XCTAssertEqual(records.map(\.fields), [["a", "b"], ["c", "d"], ["e", "f"], ["g\r\nh", "i"], ["j", "k"]])
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4, 6])
    }

    func testBlankLinesAreSkippedButCounted() throws {
        let records = try parse("\n\na,b\n\n\nc,d\n\n")
        XCTAssertEqual(records.map(\.fields), [["a", "b"], ["c", "d"]])
        XCTAssertEqual(records.map(\.line), [3, 6])
    }

    func testEmptyFieldsAndAQuotedEmptyRecordAreKept() throws {
        let records = try parse(",,\n\"\"\n")
        XCTAssertEqual(records.map(\.fields), [["", "", ""], [""]])
    }

    func testLastRecordWithoutNewlineIsRead() throws {
        XCTAssertEqual(try parse("a,b\nc,\"d\"").map(\.fields), [["a", "b"], ["c", "d"]])
    }

    func testQuoteInsideUnquotedFieldIsLiteral() throws {
        XCTAssertEqual(try parse("5\" screen,ok\n").map(\.fields), [["5\" screen", "ok"]])
    }

    func testTextAfterClosingQuoteMarksTheRecordButKeepsReading() throws {
        let records = try parse("\"abc\"def,x\nnext,y\n")
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0].fields, ["abcdef", "x"])
        XCTAssertEqual(records[0].problem,
                       "line 1, column 6: expected a delimiter or the end of the line after a closing quote, found 'd'")
        XCTAssertNil(records[1].problem)
    }

    func testUnterminatedQuoteFailsAtTheOpeningQuote() {
        let error = inputError { try self.parse("id,text\n1,ok\n2,\"never closed\n3,lost\n") }
        XCTAssertEqual(error?.kind, .unterminatedQuote(openedAt: TextPosition(line: 3, column: 3, offset: 15)))
        XCTAssertEqual(error?.position?.line, 3)
    }

    func testOtherDelimiters() throws {
        XCTAssertEqual(try parse("a;\"b;c\";d\n", delimiter: 0x3B).map(\.fields), [["a", "b;c", "d"]])
        XCTAssertEqual(try parse("a\tb c\td\n", delimiter: 0x09).map(\.fields), [["a", "b c", "d"]])
        XCTAssertEqual(try parse("a|b|\"c|d\"\n", delimiter: 0x7C).map(\.fields), [["a", "b", "c|d"]])
    }

    func testRecordOverTheLimitIsMarkedAndNotStored() throws {
        var parser = CSVRecordParser(delimiter: 0x2C, maxRecordBytes: 8)
        var completed = false
        for byte in "short,0123456789abcdef\n".utf8 where parser.feed(byte) { completed = true }
        XCTAssertTrue(completed)
        XCTAssertTrue(parser.overflowed)
        XCTAssertEqual(parser.largestRecordBytes, 8)
        parser.startNextRecord()
        for byte in "a,b\n".utf8 where parser.feed(byte) { completed = true }
        XCTAssertFalse(parser.overflowed)
        XCTAssertEqual(parser.fieldCount, 2)
    }
}

/// The chunked fast path (`feed(_: UnsafeBufferPointer)`) against the byte-at-a-time reference.
final class CSVRecordParserChunkedTests: XCTestCase {
    private struct Record: Equatable {
        var fields: [String]
        var start: TextPosition
        var problem: String?
        var overflowed: Bool
    }

    private func take(_ parser: inout CSVRecordParser, into records: inout [Record]) {
        records.append(Record(fields: (0..<parser.fieldCount).map { String(decoding: parser.field($0), as: UTF8.self) },
                              start: parser.recordStart, problem: parser.problem, overflowed: parser.overflowed))
        parser.startNextRecord()
    }

    private func byteByByte(_ bytes: [UInt8], limit: Int) -> ([Record], TicketInputError?) {
        var parser = CSVRecordParser(delimiter: 0x2C, maxRecordBytes: limit)
        var records: [Record] = []
        for byte in bytes where parser.feed(byte) { take(&parser, into: &records) }
        do {
            if try parser.finish(file: "t") { take(&parser, into: &records) }
        } catch {
            return (records, error)
        }
        return (records, nil)
    }

    private func chunked(_ bytes: [UInt8], limit: Int, using generator: inout SplitMix64) -> ([Record], TicketInputError?) {
        var parser = CSVRecordParser(delimiter: 0x2C, maxRecordBytes: limit)
        var records: [Record] = []
        var start = 0
        while start < bytes.count {
            // Chunks of random size, as read(2) might return them.
            let end = min(bytes.count, start + Int.random(in: 1...9, using: &generator))
            var position = start
            while position < end {
                let (consumed, completed) = bytes.withUnsafeBufferPointer {
                    parser.feed(UnsafeBufferPointer(rebasing: $0[position..<end]))
                }
                position += consumed
                if completed { take(&parser, into: &records) }
            }
            start = end
        }
        do {
            if try parser.finish(file: "t") { take(&parser, into: &records) }
        } catch {
            return (records, error)
        }
        return (records, nil)
    }

    func testChunkedFeedingMatchesByteByByteOnRandomCSV() {
        var generator = SplitMix64(seed: 0xC5F)
        let alphabet = Array("ab,\"\n\r; é".utf8)
        for round in 0..<500 {
            let bytes = (0..<Int.random(in: 0...60, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0x61 }
            let limit = round % 3 == 0 ? 5 : 1 << 20
            let reference = byteByByte(bytes, limit: limit)
            let fast = chunked(bytes, limit: limit, using: &generator)
            XCTAssertEqual(fast.0, reference.0, "round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            XCTAssertEqual(fast.1, reference.1, "round \(round)")
        }
    }
}
