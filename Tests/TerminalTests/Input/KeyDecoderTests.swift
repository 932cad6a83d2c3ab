import XCTest
@testable import Terminal

final class KeyDecoderTests: XCTestCase {
    private func keys(_ bytes: [UInt8]) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.feed(bytes) + decoder.flush()
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testArrowKeysInNormalAndApplicationMode() {
        XCTAssertEqual(keys(bytes("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D")), [.up, .down, .right, .left])
        XCTAssertEqual(keys(bytes("\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD")), [.up, .down, .right, .left])
    }

    func testModifiedArrowsAreStillArrows() {
        XCTAssertEqual(keys(bytes("\u{1B}[1;2A\u{1B}[1;5D")), [.up, .left])
    }

    func testTildeSequences() {
        XCTAssertEqual(keys(bytes("\u{1B}[5~\u{1B}[6~\u{1B}[3~\u{1B}[1~\u{1B}[4~\u{1B}[H\u{1B}[F")),
                       [.pageUp, .pageDown, .delete, .home, .end, .home, .end])
        XCTAssertEqual(keys(bytes("\u{1B}OP\u{1B}[15~\u{1B}[24~")), [.function(1), .function(5), .function(12)])
    }

    func testEnterBackspaceTabAndControlKeys() {
        XCTAssertEqual(keys([0x0D, 0x0A, 0x7F, 0x08, 0x09, 0x03, 0x01, 0x1A]),
                       [.enter, .enter, .backspace, .backspace, .tab, .control("c"), .control("a"), .control("z")])
    }

    func testPrintableAndMultibyteCharacters() {
        XCTAssertEqual(keys(bytes("aZ/é€🐝")), [.character("a"), .character("Z"), .character("/"),
                                                .character("é"), .character("€"), .character("🐝")])
    }

    func testSequencesSplitAcrossReadsAreJoined() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed([0x1B]), [])
        XCTAssertEqual(decoder.feed([UInt8(ascii: "[")]), [])
        XCTAssertEqual(decoder.feed([UInt8(ascii: "B"), 0xE2, 0x82]), [.down])
        XCTAssertEqual(decoder.feed([0xAC]), [.character("€")])
        XCTAssertFalse(decoder.hasPending)
    }

    func testLoneEscapeIsReportedOnlyOnFlush() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed([0x1B]), [])
        XCTAssertTrue(decoder.hasPending)
        XCTAssertEqual(decoder.flush(), [.escape])
        XCTAssertEqual(keys([0x1B, 0x1B, UInt8(ascii: "[") , UInt8(ascii: "A")]), [.escape, .up])
    }

    func testAltCharacter() {
        XCTAssertEqual(keys(bytes("\u{1B}x")), [.alt("x")])
    }

    func testGarbageNeverTraps() {
        XCTAssertEqual(keys([0xFF]), [.unknown([0xFF])])
        XCTAssertEqual(keys([0xC3, 0x41]), [.unknown([0xC3]), .character("A")])
        XCTAssertEqual(keys(bytes("\u{1B}[99~")), [.unknown(bytes("\u{1B}[99~"))])
        XCTAssertEqual(keys(bytes("\u{1B}[1;2")), [.unknown(bytes("\u{1B}[1;2"))])
        for seed in 0..<200 {
            var generator = SplitMix(seed: UInt64(seed))
            let random = (0..<20).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            _ = keys(random)
        }
    }
}

/// A tiny deterministic generator for fuzzing.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
