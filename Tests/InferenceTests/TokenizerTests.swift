import Foundation
import XCTest
@testable import Inference

/// Tokenizer behaviours on small, hand-made vocabularies and on the BERT vocab.txt.
final class TokenizerTests: XCTestCase {
    private func metadata(_ pairs: [(String, GGUFValue)]) -> GGUFMetadata { GGUFMetadata(pairs) }

    private func strings(_ values: [String]) -> GGUFValue { .array(values.map { .string($0) }) }

    func testMissingOrMalformedMetadataIsATypedError() {
        XCTAssertThrowsError(try Tokenizer(metadata: metadata([]))) { error in
            XCTAssertEqual(error as? TokenizerError, .missingKey("tokenizer.ggml.model"))
        }
        XCTAssertThrowsError(try Tokenizer(metadata: metadata([("tokenizer.ggml.model", .string("rwkv"))]))) { error in
            XCTAssertEqual(error as? TokenizerError, .unsupportedModel("rwkv"))
        }
        XCTAssertThrowsError(try Tokenizer(metadata: metadata([
            ("tokenizer.ggml.model", .string("gpt2")), ("tokenizer.ggml.pre", .string("no-such-pre")),
            ("tokenizer.ggml.tokens", strings(["a"])), ("tokenizer.ggml.merges", strings([])),
        ]))) { error in
            XCTAssertEqual(error as? TokenizerError, .unsupportedPreTokenizer("no-such-pre"))
        }
        XCTAssertThrowsError(try Tokenizer(metadata: metadata([
            ("tokenizer.ggml.model", .string("llama")), ("tokenizer.ggml.tokens", strings(["<unk>", "<s>", "</s>"])),
            ("tokenizer.ggml.scores", .array([.float32(0)])),
        ]))) { error in
            XCTAssertEqual(error as? TokenizerError, .lengthMismatch(key: "tokenizer.ggml.scores", expected: 3, found: 1))
        }
        XCTAssertThrowsError(try Tokenizer(metadata: metadata([("tokenizer.ggml.model", .string("llama")), ("tokenizer.ggml.tokens", .string("x"))])))
    }

    /// A tiny SentencePiece vocabulary: merges follow scores, unknown characters fall back to bytes.
    func testSentencePieceMergesByScoreAndFallsBackToBytes() throws {
        var tokens = ["<unk>", "<s>", "</s>", "▁", "h", "i", "▁h", "hi", "▁hi"]
        var scores: [GGUFValue] = [0, 0, 0, -1, -1, -1, -3, -2, -0.5].map { .float32($0) }
        var types: [GGUFValue] = [2, 3, 3, 1, 1, 1, 1, 1, 1].map { .int32($0) }
        for byte in 0..<256 {
            tokens.append(String(format: "<0x%02X>", byte))
            scores.append(.float32(0))
            types.append(.int32(6))
        }
        let spm = try Tokenizer(metadata: metadata([
            ("tokenizer.ggml.model", .string("llama")), ("tokenizer.ggml.tokens", strings(tokens)),
            ("tokenizer.ggml.scores", .array(scores)), ("tokenizer.ggml.token_type", .array(types)),
        ]))
        // "▁hi": "hi" (-2) beats "▁h" (-3), then "▁" + "hi" makes "▁hi".
        XCTAssertEqual(spm.encode("hi", addSpecial: true, parseSpecial: false), [1, 8])
        let accented = spm.encode("hé", addSpecial: false, parseSpecial: false)
        XCTAssertEqual(accented, [6, 9 + 0xC3, 9 + 0xA9])
        XCTAssertEqual(spm.decode(accented), "hé")
        XCTAssertEqual(spm.encode("<s>hi", addSpecial: false, parseSpecial: true), [1, 8])
    }

    func testStreamingDecoderHoldsBackSplitCharacters() throws {
        var tokens = ["<unk>", "<s>", "</s>", "▁a"]
        var types: [GGUFValue] = [2, 3, 3, 1].map { .int32($0) }
        for byte in 0..<256 { tokens.append(String(format: "<0x%02X>", byte)); types.append(.int32(6)) }
        let spm = try Tokenizer(metadata: metadata([
            ("tokenizer.ggml.model", .string("llama")), ("tokenizer.ggml.tokens", strings(tokens)),
            ("tokenizer.ggml.token_type", .array(types)),
        ]))
        let ids = spm.encode("a👋", addSpecial: false, parseSpecial: false)
        XCTAssertEqual(ids.count, 5)  // "▁a" and four byte tokens
        var decoder = StreamingDecoder(tokenizer: spm)
        var chunks = ids.map { decoder.append($0) }
        chunks.append(decoder.finish())
        XCTAssertEqual(chunks, [" a", "", "", "", "👋", ""])
        XCTAssertEqual(chunks.joined(), " a👋", "a continuation keeps SentencePiece's leading space")
        var truncated = StreamingDecoder(tokenizer: spm, startsText: true)
        XCTAssertEqual(ids.prefix(3).map { truncated.append($0) }.joined(), "a")
        XCTAssertEqual(truncated.finish(), "\u{FFFD}")
        XCTAssertEqual(spm.decode(ids), "a👋")
    }

    func testPreTokenizerSplitsLikeLlamaCpp() throws {
        func words(_ pre: String, _ text: String) throws -> [String] {
            let scalars = Array(text.unicodeScalars)
            return try PreTokenizer(name: pre).split(scalars).map { JinjaStrings.string(scalars[$0]) }
        }
        XCTAssertEqual(try words("gpt-2", "Hello world's  end 123"), ["Hello", " world", "'s", " ", " end", " 123"])
        XCTAssertEqual(try words("llama-bpe", "I'VE 12345 \n\n x"), ["I", "'VE", " ", "123", "45", " \n\n", " x"])
        XCTAssertEqual(try words("smollm", "a1b22"), ["a", "1", "b", "2", "2"])
        XCTAssertEqual(try words("qwen2", "x 2025"), ["x", " ", "2", "0", "2", "5"])
    }

    /// all-MiniLM-L6-v2's vocab.txt is bert-base-uncased, the same vocabulary as
    /// llama.cpp's bert-bge test file, so both must tokenize every case alike.
    func testWordPieceFromVocabTxtMatchesTheBertGGUF() throws {
        let vocabTxt = TestPaths.models.appendingPathComponent("all-MiniLM-L6-v2/vocab.txt").path
        guard FileManager.default.fileExists(atPath: vocabTxt) else { return XCTFail("missing \(vocabTxt): run scripts/fetch-models") }
        let fromText = try Tokenizer(wordPieceVocabularyAt: vocabTxt)
        let bge = try TestPaths.testData().appendingPathComponent("vocab/ggml-vocab-bert-bge.gguf")
        let fromGGUF = try Tokenizer(metadata: try GGUFFile(contentsOf: bge.path).metadata)
        let cases = try TokenizerVocabTests.readCases(bge)
        XCTAssertFalse(cases.isEmpty)
        for testCase in cases {
            XCTAssertEqual(fromText.encode(testCase.input, addSpecial: false, parseSpecial: false), testCase.expected, testCase.input.debugDescription)
        }
        let sentence = "Apiary routes tickets to the RIGHT model."
        let ids = fromText.encode(sentence, addSpecial: true, parseSpecial: false)
        XCTAssertEqual(ids, fromGGUF.encode(sentence, addSpecial: true, parseSpecial: false))
        XCTAssertEqual(ids.first, fromText.tokenID("[CLS]"))
        XCTAssertEqual(ids.last, fromText.tokenID("[SEP]"))
        XCTAssertEqual(fromText.decode(ids), "apiary routes tickets to the right model.")
    }
}
