import Foundation
import XCTest
@testable import TOML

/// Hostile input fails with a positioned error instead of trapping, overflowing the stack, or
/// taking quadratic time.
final class TOMLParserRobustnessTests: XCTestCase {
    private func assertTooDeep(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let error = parseError(text, sourceFile: file, line: line) else { return }
        guard case .nestingTooDeep(let limit, _) = error else {
            return XCTFail("expected nestingTooDeep, got \(error)", file: file, line: line)
        }
        XCTAssertEqual(limit, TOMLParser.maxDepth, file: file, line: line)
    }

    func testDeepArraysAreAnErrorNotAStackOverflow() {
        assertTooDeep("a = " + String(repeating: "[", count: 100_000))
        assertTooDeep("a = " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200))
        XCTAssertEqual(parseError("a = " + String(repeating: "[", count: 500))?.description,
                       "test.toml:1:133: error: arrays and tables nested more than 128 levels deep")
    }

    func testNestingUpToTheLimitIsAccepted() throws {
        let depth = TOMLParser.maxDepth - 1
        let document = try TOMLDocument(parsing: "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        var value = try XCTUnwrap(document["a"])
        var levels = 1
        while let inner = value.array?.first {
            value = inner
            levels += 1
        }
        XCTAssertEqual(levels, depth)
    }

    func testDeepInlineTablesHeadersAndDottedKeysAreErrors() {
        assertTooDeep("a = " + String(repeating: "{b=", count: 50_000))
        assertTooDeep("[" + String(repeating: "a.", count: 10_000) + "a]")
        assertTooDeep("[[" + String(repeating: "a.", count: 10_000) + "a]]")
        assertTooDeep(String(repeating: "a.", count: 10_000) + "a = 1")
        assertTooDeep("x = {" + String(repeating: "a.", count: 10_000) + "a = 1}")
    }

    func testHugeNumbersAreErrors() {
        XCTAssertEqual(parseError("n = 99999999999999999999")?.message,
                       "invalid number '99999999999999999999': out of range for a 64-bit integer "
                       + "(-9223372036854775808 to 9223372036854775807)")
        XCTAssertNotNil(parseError("n = " + String(repeating: "1", count: 100_000)))
        XCTAssertNotNil(parseError("n = 0x" + String(repeating: "F", count: 17)))
        XCTAssertNotNil(parseError("n = 1" + String(repeating: "0", count: 400) + ".0"))
    }

    func testNULBytesAreErrorsEverywhere() {
        for text in ["\u{0}", "a\u{0} = 1", "a = \u{0}", "a = \"\u{0}\"", "a = 1 #\u{0}", "[a\u{0}]", "a = [1,\u{0}]"] {
            XCTAssertNotNil(parseError(text), text.debugDescription)
        }
    }

    func testInvalidUTF8IsAnEncodingErrorWherever() throws {
        for bytes: [UInt8] in [[0xFF], [0x61, 0x3D, 0xC3], [0x23, 0xED, 0xA0, 0x80], [0x61, 0x3D, 0x27, 0xC0, 0xAF, 0x27]] {
            let error = try XCTUnwrap(parseError(bytes: bytes))
            guard case .invalidEncoding = error else { return XCTFail("\(bytes): \(error)") }
        }
    }

    func testByteOrderMarkOnlyAtTheStart() {
        XCTAssertNoThrow(try TOMLDocument(parsing: [0xEF, 0xBB, 0xBF] + Array("a = 1".utf8)))
        XCTAssertNotNil(parseError(bytes: Array("a = 1\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b = 2".utf8)))
    }

    func testLongLinesAndManyKeysStayFast() throws {
        // 200,000 values on one line: positions must not rescan the line for every value.
        let line = "a = [" + Array(repeating: "1", count: 200_000).joined(separator: ",") + "]"
        let keys = (0..<20_000).map { "key\($0) = \"value \($0)\"" }.joined(separator: "\n")
        let start = Date()
        let document = try TOMLDocument(parsing: line + "\n" + keys)
        XCTAssertEqual(document["a"]?.array?.count, 200_000)
        XCTAssertEqual(document["key19999"]?.position.line, 20_001)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "linear work, even in a debug build")
    }
}
