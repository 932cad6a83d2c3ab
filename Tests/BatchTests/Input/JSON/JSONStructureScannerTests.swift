import ApiaryTestSupport
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

/// The scanner's element boundaries against Foundation's parser of the whole document.
final class JSONStructureScannerReferenceTests: XCTestCase {
    /// A random JSON value, biased towards what breaks scanners: strings full of brackets,
    /// quotes, backslashes and non-ASCII text, nested containers.
    private func randomValue(depth: Int, using generator: inout SplitMix64) -> Any {
        let pieces = ["{", "}", "[", "]", "\"", "\\", ",", ":", " ", "\n", "é", "🐝", "a", "\\u0041"]
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
        case 0: return Int.random(in: -1000...1000, using: &generator)
        case 1, 2:
            return (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
        case 3: return Bool.random(using: &generator)
        case 4:
            return (0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) }
        default:
            var object: [String: Any] = [:]
            for index in 0..<Int.random(in: 0...4, using: &generator) {
                object["k\(index)\(pieces.randomElement(using: &generator) ?? "")"] = randomValue(depth: depth + 1, using: &generator)
            }
            return object
        }
    }

    func testElementsSlicedFromRandomArraysDecodeToTheOriginalElements() throws {
        var generator = SplitMix64(seed: 0x15_0A)
        let directory = try TemporaryDirectory()
        for round in 0..<40 {
            let elements = (0..<Int.random(in: 1...6, using: &generator)).map { _ in randomValue(depth: 0, using: &generator) }
            let document = try JSONSerialization.data(withJSONObject: elements, options: round % 2 == 0 ? [.prettyPrinted] : [])
            let path = try directory.write("r\(round).json", bytes: Array(document))
            let scanner = JSONStructureScanner(reader: try ByteReader(path: path, chunkSize: 16 + round % 7))
            try scanner.expect(UInt8(ascii: "["), "[")
            for (index, element) in elements.enumerated() {
                if index > 0 { try scanner.expect(UInt8(ascii: ","), ",") }
                let slice = try scanner.scanValue(keepingUpTo: 1 << 20)
                let decoded = try JSONSerialization.jsonObject(with: Data(slice.bytes), options: [.fragmentsAllowed])
                let expected = try JSONSerialization.data(withJSONObject: [element], options: [.sortedKeys])
                let actual = try JSONSerialization.data(withJSONObject: [decoded], options: [.sortedKeys])
                XCTAssertEqual(actual, expected, "round \(round), element \(index)")
            }
            try scanner.expect(UInt8(ascii: "]"), "]")
            XCTAssertNil(try scanner.peekPastWhitespace())
        }
    }
}
