import XCTest
@testable import Batch

final class JSONStructureScannerTests: XCTestCase {
    private func scanner(_ text: String, chunkSize: Int = 64 * 1024) throws -> JSONStructureScanner {
        let directory = try TemporaryDirectory()
        let path = try directory.write("v.json", text)
        // The reader holds the file open; the directory may go once it is opened.
        return JSONStructureScanner(reader: try ByteReader(path: path, chunkSize: chunkSize))
    }

    private func values(_ text: String, chunkSize: Int = 64 * 1024) throws -> [String] {
        let scanner = try scanner(text, chunkSize: chunkSize)
        var values: [String] = []
        while try scanner.peekPastWhitespace() != nil {
            values.append(String(decoding: try scanner.scanValue(keepingUpTo: 1 << 20).bytes, as: UTF8.self))
        }
        return values
    }

    func testValuesEndAtTheirClosingBracketWhateverTheStringsHold() throws {
        let text = #"{"a": "}]\"{[", "b": [1, {"c": "\\"}]} [true] "x\"y" -12.5e3 null"#
        XCTAssertEqual(try values(text), [#"{"a": "}]\"{[", "b": [1, {"c": "\\"}]}"#, "[true]", #""x\"y""#, "-12.5e3", "null"])
    }

    func testChunkBoundariesInsideEscapesDoNotMatter() throws {
        let text = #"{"a": "\\\"\\", "b": "\u00e9"} {"c": 1}"#
        for chunkSize in [16, 17, 18, 19] {
            XCTAssertEqual(try values(text, chunkSize: chunkSize), [#"{"a": "\\\"\\", "b": "\u00e9"}"#, #"{"c": 1}"#])
        }
    }

    func testPositionsCountLinesAndColumns() throws {
        let scanner = try scanner("[\n  {\"a\": 1},\n  {\"b\": 2}\n]")
        try scanner.expect(UInt8(ascii: "["), "[")
        XCTAssertEqual(try scanner.scanValue(keepingUpTo: 100).start, TextPosition(line: 2, column: 3, offset: 4))
        try scanner.expect(UInt8(ascii: ","), ",")
        XCTAssertEqual(try scanner.scanValue(keepingUpTo: 100).start, TextPosition(line: 3, column: 3, offset: 16))
    }

    func testMismatchedBracketIsAnErrorAtTheBracket() throws {
        let scanner = try scanner("{\"a\": [1, 2}")
        let error = inputError { try scanner.scanValue(keepingUpTo: 100) }
        XCTAssertEqual(error?.kind, .unexpected(found: "'}'", expected: "']' in the value that starts at 1:1"))
        XCTAssertEqual(error?.position, TextPosition(line: 1, column: 12, offset: 11))
    }

    func testValueOverTheLimitIsReadToItsEndButNotKept() throws {
        let scanner = try scanner(#"{"big": "0123456789"} {"next": 1}"#)
        let big = try scanner.scanValue(keepingUpTo: 5)
        XCTAssertTrue(big.overflowed)
        XCTAssertEqual(big.bytes.count, 5)
        let next = try scanner.scanValue(keepingUpTo: 100)
        XCTAssertEqual(String(decoding: next.bytes, as: UTF8.self), #"{"next": 1}"#)
    }

    func testHostileNestingIsRefused() throws {
        let scanner = try scanner(String(repeating: "[", count: 600))
        let error = inputError { try scanner.scanValue(keepingUpTo: 100) }
        XCTAssertEqual(error?.kind, .unexpected(found: "'['", expected: "nesting at most 512 deep"))
    }

    func testByteThatCannotStartAValueIsAnError() throws {
        let scanner = try scanner("  ]")
        let error = inputError { try scanner.scanValue(keepingUpTo: 100) }
        XCTAssertEqual(error?.kind, .unexpected(found: "']'", expected: "a JSON value"))
    }
}
