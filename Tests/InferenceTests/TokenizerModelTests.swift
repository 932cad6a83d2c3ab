import Foundation
import XCTest
@testable import Inference

/// The tokenizers of the demo models. Reference ids from llama.cpp are added by
/// scripts/make-reference.py; these tests check what holds without them.
final class TokenizerModelTests: XCTestCase {
    static let trickyStrings = [
        "Hello world",
        " leading space and trailing  ",
        "Grüße, naïve café — 日本語のテキスト and Кириллица",
        "emoji 👋🏽🧑‍💻 and flags 🇫🇷",
        "whitespace\truns\n\n\n   and    tabs\t\t",
        "func add(_ a: Int, _ b: Int) -> Int { return a + b } // code",
        "digits 3 33 333 3333 1234567890 3.14159 1e-9",
        "I've been 'told' he's there, 'RE you sure? We'Ve",
        "\u{0}\u{1} control\u{7f} chars and \u{200b}zero width",
    ]

    private func tokenizer(_ model: String) throws -> (Tokenizer, TimeInterval) {
        let file = try GGUFFile(contentsOf: try TestPaths.model(model))
        let start = Date()
        let tokenizer = try Tokenizer(metadata: file.metadata)
        return (tokenizer, Date().timeIntervalSince(start))
    }

    func testSmolLM2IsByteLevelBPEWithSmolLMPreTokenizer() throws {
        let (smol, _) = try tokenizer(TestPaths.smolLM2)
        XCTAssertEqual(smol.kind, .bytePairs)
        XCTAssertEqual(smol.preTokenizer, "smollm")
        XCTAssertEqual(smol.vocabularySize, 49152)
        XCTAssertFalse(smol.addsBOS)
        // The smollm pre-tokenizer puts every digit in its own word.
        XCTAssertEqual(smol.encode("1234567890", addSpecial: false, parseSpecial: false).count, 10)
        for text in Self.trickyStrings {
            let ids = smol.encode(text, addSpecial: false, parseSpecial: false)
            XCTAssertFalse(ids.isEmpty)
            XCTAssertEqual(Array(smol.decode(ids).utf8), Array(text.utf8), "round trip of \(text.debugDescription)")
        }
    }

    func testSmolLM2SpecialTokensAreParsedOnlyWhenAsked() throws {
        let (smol, _) = try tokenizer(TestPaths.smolLM2)
        let start = try XCTUnwrap(smol.tokenID("<|im_start|>"))
        let end = try XCTUnwrap(smol.tokenID("<|im_end|>"))
        let prompt = "<|im_start|>user\nHi<|im_end|>\n"
        let parsed = smol.encode(prompt, addSpecial: false, parseSpecial: true)
        XCTAssertEqual(parsed.first, start)
        XCTAssertTrue(parsed.contains(end))
        let literal = smol.encode(prompt, addSpecial: false, parseSpecial: false)
        XCTAssertFalse(literal.contains(start))
        XCTAssertGreaterThan(literal.count, parsed.count)
        XCTAssertTrue(smol.isEndOfGeneration(end))
        XCTAssertEqual(smol.endOfTurn, end)
        XCTAssertEqual(smol.piece(start), "<|im_start|>")
        // decode leaves control tokens out; piece shows them.
        XCTAssertEqual(smol.decode(parsed), "user\nHi\n")
    }

    func testGemma3IsSentencePieceAndLoadsQuickly() throws {
        let (gemma, seconds) = try tokenizer(TestPaths.gemma3)
        XCTAssertEqual(gemma.kind, .sentencePiece)
        XCTAssertEqual(gemma.vocabularySize, 262_144)
        XCTAssertFalse(gemma.addsSpacePrefix)
        XCTAssertTrue(gemma.addsBOS)
        XCTAssertEqual(gemma.bos, 2)
        #if DEBUG
        let limit = 10.0  // unoptimised builds are several times slower
        #else
        let limit = 0.5
        #endif
        XCTAssertLessThan(seconds, limit, "building the 262k-token tokenizer took \(seconds) s")
        for text in Self.trickyStrings + ["𝔘𝔫𝔦𝔠𝔬𝔡𝔢 byte fallback ꙮ"] {
            let ids = gemma.encode(text, addSpecial: true, parseSpecial: false)
            XCTAssertEqual(ids.first, gemma.bos)
            XCTAssertEqual(Array(gemma.decode(ids).utf8), Array(text.utf8), "round trip of \(text.debugDescription)")
        }
        let turnEnd = try XCTUnwrap(gemma.tokenID("<end_of_turn>"))
        XCTAssertTrue(gemma.isEndOfGeneration(turnEnd))
        XCTAssertEqual(gemma.encode("<start_of_turn>user\nHi<end_of_turn>", addSpecial: false, parseSpecial: true).last, turnEnd)
    }

    /// The heap-based merge loop against the slow reference (lowest rank, leftmost first).
    func testBPEMergeMatchesSlowReference() throws {
        let (smol, _) = try tokenizer(TestPaths.smolLM2)
        guard case .bytePairs(let bpe) = smol.algorithm else { return XCTFail("not BPE") }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "ab", "the", "ing", " ", "é", "🙂", "x", "aaa", "\n"]
        for _ in 0..<300 {
            var word = ""
            for _ in 0..<Int.random(in: 1...12, using: &generator) { word += pieces.randomElement(using: &generator) ?? "" }
            let bytes = Array(word.utf8)
            XCTAssertEqual(bpe.mergedTokens(bytes, vocabulary: smol.vocabulary), bpe.referenceMerge(bytes), word.debugDescription)
        }
    }

    /// The one-pass special-token splitter against llama.cpp's per-token loop,
    /// on texts dense with special tokens (Gemma has thousands of control tokens;
    /// Phi-3's strip the whitespace after them).
    func testSpecialTokenSplitterMatchesSlowReference() throws {
        let phi3 = try TestPaths.testData().appendingPathComponent("vocab/ggml-vocab-phi-3.gguf").path
        let tokenizers = [try tokenizer(TestPaths.smolLM2).0, try tokenizer(TestPaths.gemma3).0,
                          try Tokenizer(metadata: try GGUFFile(contentsOf: phi3).metadata)]
        var generator = SystemRandomNumberGenerator()
        for tokenizer in tokenizers {
            let specials = (0..<Int32(tokenizer.vocabularySize)).filter { tokenizer.isControl($0) || tokenizer.vocabulary.attributes[Int($0)].contains(.userDefined) }
            XCTAssertFalse(specials.isEmpty)
            for _ in 0..<40 {
                var text = ""
                for _ in 0..<20 {
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: text += tokenizer.piece(specials.randomElement(using: &generator) ?? 0)
                    case 1: text += ["  ", "\n", " x ", "<", "|", ">", "<|", "end", "_of_", "turn"].randomElement(using: &generator) ?? ""
                    default: text += ["hello", " world", "\t", "é", "🙂"].randomElement(using: &generator) ?? ""
                    }
                }
                let bytes = Array(text.utf8)
                for parseSpecial in [false, true] {
                    XCTAssertEqual(tokenizer.splitter.split(bytes, parseSpecial: parseSpecial, vocabulary: tokenizer.vocabulary),
                                   tokenizer.splitter.referenceSplit(bytes, parseSpecial: parseSpecial, vocabulary: tokenizer.vocabulary),
                                   text.debugDescription)
                }
            }
        }
    }
}
