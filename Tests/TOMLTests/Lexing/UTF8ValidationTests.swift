import ApiaryTestSupport
import XCTest
@testable import TOML

final class UTF8ValidationTests: XCTestCase {
    private func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) }
    }

    func testRejectsOverlongSurrogatesAndOutOfRange() {
        XCTAssertNil(firstInvalid(Array("plain ascii, é, 中, 🐝".utf8)))
        XCTAssertEqual(firstInvalid([0x61, 0xC0, 0x80]), 1, "overlong NUL")
        XCTAssertEqual(firstInvalid([0xE0, 0x80, 0x80]), 0, "overlong three-byte form")
        XCTAssertEqual(firstInvalid([0xED, 0xA0, 0x80]), 0, "UTF-16 surrogate")
        XCTAssertEqual(firstInvalid([0xF4, 0x90, 0x80, 0x80]), 0, "above U+10FFFF")
        XCTAssertEqual(firstInvalid([0x61, 0x62, 0xE4, 0xB8]), 2, "truncated at the end")
        XCTAssertEqual(firstInvalid([0x80]), 0, "stray continuation byte")
        XCTAssertEqual(firstInvalid([0xFF]), 0)
    }

    /// The fast validator agrees with the standard library's on random byte strings biased
    /// towards multi-byte sequences.
    func testAgreesWithStandardLibraryOnRandomBytes() {
        var generator = SplitMix64(seed: 42)
        let pieces: [[UInt8]] = [[0x61], [0xC3, 0xA9], [0xE4, 0xB8, 0xAD], [0xF0, 0x9F, 0x90, 0x9D], [0x80], [0xC0],
                                 [0xED, 0xA0], [0xF4, 0x90], [0xEF, 0xBF, 0xBF], [0xF8], [0xE0, 0xA0, 0x80]]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                bytes += pieces.randomElement(using: &generator) ?? []
                if Int.random(in: 0..<8, using: &generator) == 0 { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
            }
            let reference = String(validating: bytes, as: UTF8.self) != nil
            XCTAssertEqual(firstInvalid(bytes) == nil, reference, "\(bytes)")
        }
    }

    func testInvalidUTF8IsAnErrorWithItsPosition() throws {
        let error = try XCTUnwrap(parseError(bytes: Array("a = 1\nb = \"x".utf8) + [0xFF] + Array("\"".utf8)))
        guard case .invalidEncoding = error else { return XCTFail("\(error)") }
        XCTAssertEqual(error.position, TOMLPosition(file: "test.toml", line: 2, column: 7, offset: 12))
        XCTAssertEqual(error.description, "test.toml:2:7: error: invalid UTF-8 (byte 0xFF)")
    }
}
