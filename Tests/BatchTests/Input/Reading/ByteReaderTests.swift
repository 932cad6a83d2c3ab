import XCTest
@testable import Batch

final class ByteReaderTests: XCTestCase {
    func testReadsEveryByteAcrossChunkBoundariesAndTracksTheOffset() throws {
        let directory = try TemporaryDirectory()
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let reader = try ByteReader(path: directory.write("b.bin", bytes: bytes), chunkSize: 16)
        XCTAssertEqual(reader.capacity, 16)
        var read: [UInt8] = []
        while let peeked = try reader.peek() {
            XCTAssertEqual(reader.offset, read.count)
            XCTAssertEqual(try reader.next(), peeked)
            read.append(peeked)
        }
        XCTAssertEqual(read, bytes)
        XCTAssertNil(try reader.next())
    }

    func testFirstChunkIsBufferedForDetection() throws {
        let directory = try TemporaryDirectory()
        let reader = try ByteReader(path: directory.write("t.csv", "id,text\n"), chunkSize: 64)
        XCTAssertEqual(Array(reader.buffered), Array("id,text\n".utf8))
        XCTAssertEqual(reader.offset, 0)
    }

    func testByteOrderMarkIsSkippedOnlyWhenPresent() throws {
        let directory = try TemporaryDirectory()
        let withMark = try ByteReader(path: directory.write("a", bytes: [0xEF, 0xBB, 0xBF, 0x41]))
        try withMark.skipByteOrderMark()
        XCTAssertEqual(try withMark.next(), 0x41)
        XCTAssertEqual(withMark.offset, 4)
        let without = try ByteReader(path: directory.write("b", bytes: [0xEF, 0x41]))
        try without.skipByteOrderMark()
        XCTAssertEqual(try without.next(), 0xEF)
    }

    func testDirectoryCannotBeReadAsAnExport() throws {
        let directory = try TemporaryDirectory()
        let error = inputError { try ByteReader(path: directory.url.path).next() }
        guard case .readFailed? = error?.kind else { return XCTFail("\(String(describing: error))") }
    }
}
