import Foundation
import XCTest
@testable import Inference

/// The reference made by scripts/make-embedding-fixtures.py with sentence-transformers.
struct EmbeddingFixture: Decodable {
    struct Sentence: Decodable {
        let text: String
        let token_ids: [Int32]
        let embedding: [Float]
    }
    struct TokenizerCase: Decodable {
        let text: String
        let token_ids: [Int32]
    }
    let max_seq_length: Int
    let sentences: [Sentence]
    let tokenizer_cases: [TokenizerCase]

    static func load(_ file: String = "all-minilm-l6-v2.json") throws -> EmbeddingFixture {
        let url = TestPaths.fixtures.appendingPathComponent("embeddings/" + file)
        return try JSONDecoder().decode(EmbeddingFixture.self, from: Data(contentsOf: url))
    }
}

final class SentenceEncoderTests: XCTestCase {
    static let modelName = "all-MiniLM-L6-v2"

    private func encoder() throws -> SentenceEncoder {
        try SentenceEncoder(directory: try TestPaths.model(Self.modelName))
    }

    private func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    func testReadsHyperParametersFromConfig() throws {
        let configuration = try encoder().encoder.configuration
        XCTAssertEqual(configuration.hiddenSize, 384)
        XCTAssertEqual(configuration.layerCount, 6)
        XCTAssertEqual(configuration.headCount, 12)
        XCTAssertEqual(configuration.intermediateSize, 1536)
        XCTAssertEqual(configuration.maximumPositions, 512)
        XCTAssertEqual(configuration.layerNormEpsilon, 1e-12)
    }

    func testMatchesSentenceTransformersOnReferenceTokenIDs() throws {
        let fixture = try EmbeddingFixture.load()
        XCTAssertGreaterThanOrEqual(fixture.sentences.count, 20)
        let encoder = try encoder()
        let started = Date()
        let embeddings = try encoder.embed(tokenIDs: fixture.sentences.map(\.token_ids))
        let elapsed = Date().timeIntervalSince(started)
        var minimum = 1.0
        var largestDifference: Float = 0
        for (sentence, embedding) in zip(fixture.sentences, embeddings) {
            XCTAssertEqual(embedding.count, sentence.embedding.count)
            let similarity = cosine(embedding, sentence.embedding)
            minimum = min(minimum, similarity)
            XCTAssertGreaterThanOrEqual(similarity, 0.999, "\(sentence.text.prefix(60))")
            for (a, b) in zip(embedding, sentence.embedding) { largestDifference = max(largestDifference, abs(a - b)) }
        }
        // Stricter than the cosine bar: every component agrees to about the fixture's 6-decimal rounding.
        XCTAssertLessThan(largestDifference, 1e-5)
        let tokens = fixture.sentences.reduce(0) { $0 + $1.token_ids.count }
        print("SentenceEncoder: minimum cosine to sentence-transformers \(minimum) over \(fixture.sentences.count) sentences, largest component difference \(largestDifference); \(tokens) tokens in \(String(format: "%.1f", elapsed * 1000)) ms")
    }

    /// Where the WordPiece tokenizer (Sources/Inference/Tokenizers, not this
    /// suite's code) is known to differ from Hugging Face's BertTokenizer on the
    /// tokenizer corner cases. Each must still differ: when one is fixed this test
    /// fails, as a reminder to delete its entry.
    static let knownTokenizerDifferences: [String: String] = [
        "मेरा ऑर्डर अभी तक नहीं आया":
            "spacing combining marks (Mc, e.g. U+093E) are stripped with the accents; Hugging Face strips only nonspacing marks (Mn)",
        String(repeating: "a", count: 120):
            "a word over 100 characters is split into pieces; Hugging Face makes it [UNK] (max_input_chars_per_word = 100)",
    ]

    func testTokenizesTextsAsTheReferenceDoes() throws {
        let fixture = try EmbeddingFixture.load()
        let encoder = try encoder()
        XCTAssertEqual(encoder.maximumTokens, fixture.max_seq_length)
        XCTAssertGreaterThan(fixture.tokenizer_cases.count, 20)
        var mismatches: [String] = []
        // Every sentence of the embedding reference must match exactly.
        for sentence in fixture.sentences {
            let ids = encoder.tokenIDs(for: sentence.text)
            if ids != sentence.token_ids { mismatches.append(difference(sentence.text, ids, sentence.token_ids)) }
        }
        for item in fixture.tokenizer_cases {
            let ids = encoder.tokenIDs(for: item.text)
            if let reason = Self.knownTokenizerDifferences[item.text] {
                XCTAssertNotEqual(ids, item.token_ids, "fixed (\(reason)): remove it from knownTokenizerDifferences")
            } else if ids != item.token_ids {
                mismatches.append(difference(item.text, ids, item.token_ids))
            }
        }
        XCTAssertEqual(mismatches, [], "token ids differ from the Hugging Face tokenizer")
    }

    private func difference(_ text: String, _ ids: [Int32], _ reference: [Int32]) -> String {
        let at = zip(ids, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ids.count, reference.count)
        return "\(text.prefix(40).debugDescription): first difference at \(at), ours \(ids[at...].prefix(5)) reference \(reference[at...].prefix(5))"
    }

    func testMatchesSentenceTransformersEndToEndFromText() throws {
        let fixture = try EmbeddingFixture.load()
        let embeddings = try encoder().embed(fixture.sentences.map(\.text))
        var minimum = 1.0
        for (sentence, embedding) in zip(fixture.sentences, embeddings) {
            let similarity = cosine(embedding, sentence.embedding)
            minimum = min(minimum, similarity)
            XCTAssertGreaterThanOrEqual(similarity, 0.999, "\(sentence.text.prefix(60))")
        }
        print("SentenceEncoder: minimum end-to-end cosine from text \(minimum)")
    }

    func testSpecialTokenNamesInTextAreNotSpecial() throws {
        Self.assertBoundaryTokensOnlyAtTheEnds(try encoder(), text: "[SEP] [CLS]")
    }

    /// `text` names the boundary tokens, yet they appear only where the encoder puts them.
    static func assertBoundaryTokensOnlyAtTheEnds(_ encoder: SentenceEncoder, text: String,
                                                  file: StaticString = #filePath, line: UInt = #line) {
        let ids = encoder.tokenIDs(for: text)
        XCTAssertEqual(ids.first, encoder.tokenizer.bos, file: file, line: line)
        XCTAssertEqual(ids.last, encoder.tokenizer.separator, file: file, line: line)
        XCTAssertFalse(ids.dropFirst().dropLast().contains { $0 == encoder.tokenizer.bos || $0 == encoder.tokenizer.separator },
                       "\(ids)", file: file, line: line)
    }

    func testLargeBatchesAreSplitIntoPassesWithTheSameResults() throws {
        let fixture = try EmbeddingFixture.load()
        let sentences = Array(fixture.sentences.prefix(6))
        let ids = sentences.map(\.token_ids)
        let whole = try encoder().embed(tokenIDs: ids)
        // A pass of 20 tokens holds one or two of these sentences: several passes, and one
        // sentence longer than a pass, which still goes alone.
        let split = try SentenceEncoder(directory: try TestPaths.model(Self.modelName), tokensPerPass: 20)
        XCTAssertLessThan(20, ids.map(\.count).max() ?? 0)
        let pieces = try split.embed(tokenIDs: ids)
        XCTAssertEqual(pieces.count, sentences.count)
        for (a, b) in zip(whole, pieces) {
            for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-5) }
        }
    }

    func testEmbeddingsAreUnitLength() throws {
        let fixture = try EmbeddingFixture.load()
        for embedding in try encoder().embed(tokenIDs: fixture.sentences.prefix(4).map(\.token_ids)) {
            let norm = embedding.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            XCTAssertEqual(norm, 1, accuracy: 1e-5)
        }
    }

    func testBatchedSequencesDoNotSeeEachOther() throws {
        // A short sentence batched with a 256-token one must come out as when alone:
        // attention is confined to each sequence, as a padding mask would confine it.
        let fixture = try EmbeddingFixture.load()
        let short = try XCTUnwrap(fixture.sentences.min { $0.token_ids.count < $1.token_ids.count })
        let long = try XCTUnwrap(fixture.sentences.max { $0.token_ids.count < $1.token_ids.count })
        let encoder = try encoder()
        let alone = try encoder.embed(tokenIDs: [short.token_ids])[0]
        let batched = try encoder.embed(tokenIDs: [long.token_ids, short.token_ids, long.token_ids])
        // Not bit-identical: a sequence's place in the batch changes how tokens fall into kernel tiles.
        for (a, b) in zip(alone, batched[1]) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        for (a, b) in zip(batched[0], batched[2]) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }

    func testRejectsEmptyTooLongAndOutOfVocabularyInputs() throws {
        let encoder = try encoder()
        let c = encoder.encoder.configuration
        XCTAssertEqual(try encoder.embed(tokenIDs: []).count, 0)
        assertThrows(try encoder.embed(tokenIDs: [[101, 102], []]), .emptySequence, location: "sequence 1")
        assertThrows(
            try encoder.embed(tokenIDs: [[Int32](repeating: 1000, count: c.maximumPositions + 1)]),
            .sequenceTooLong(length: c.maximumPositions + 1, maximum: c.maximumPositions), location: "sequence 0")
        assertThrows(
            try encoder.embed(tokenIDs: [[101, Int32(c.vocabularySize), 102]]),
            .tokenOutOfRange(id: Int32(c.vocabularySize), vocabularySize: c.vocabularySize), location: "sequence 0, position 1")
        assertThrows(try encoder.embed(tokenIDs: [[101, -1]]), .tokenOutOfRange(id: -1, vocabularySize: c.vocabularySize), location: "sequence 0, position 1")
    }

    func testDenseKernelMatchesItsReference() throws {
        let encoder = try encoder()
        let layer = encoder.encoder.weights.layers[0].intermediate
        // 7 tokens: whole 2-token tiles and a ragged remainder.
        let tokens = 7
        var state: UInt32 = 12345  // a fixed LCG, so a failure reproduces
        let x = (0..<(tokens * layer.inputs)).map { _ -> Float in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 24) * 4 - 2
        }
        var slow = [Float](repeating: 0, count: tokens * layer.outputs)
        DenseKernel.applyReference(layer, to: x, tokens: tokens, into: &slow)
        for isa in InstructionSet.supported {
            var fast = [Float](repeating: .nan, count: tokens * layer.outputs)
            DenseKernel.apply(layer, to: x, tokens: tokens, into: &fast, instructionSet: isa)
            for (i, (a, b)) in zip(fast, slow).enumerated() {
                XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(b)), "\(isa): token \(i / layer.outputs), row \(i % layer.outputs)")
            }
        }
    }

    private func assertThrows(
        _ expression: @autoclosure () throws -> some Any, _ kind: EncoderError.Kind, location: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            guard let error = error as? EncoderError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(error.kind, kind, file: file, line: line)
            XCTAssertEqual(error.location, location, file: file, line: line)
            XCTAssertFalse(error.description.isEmpty, file: file, line: line)
        }
    }
}

final class SentenceEncoderSpeedTests: XCTestCase {
    func testLatencyOfShortRequests() throws {
        let encoder = try SentenceEncoder(directory: try TestPaths.model(SentenceEncoderTests.modelName))
        let text = "My package hasn't arrived yet and the tracking number doesn't work!!!"
        _ = try encoder.embed([text])
        var best = Double.infinity
        for _ in 0..<10 {
            let start = Date()
            _ = try encoder.embed([text])
            best = min(best, Date().timeIntervalSince(start))
        }
        let batch = [String](repeating: text, count: 32)
        let start = Date()
        _ = try encoder.embed(batch)
        let batched = Date().timeIntervalSince(start)
        print("SentenceEncoder: one request (\(encoder.tokenIDs(for: text).count) tokens) best of 10 \(String(format: "%.2f", best * 1000)) ms; 32 in one batch \(String(format: "%.1f", batched * 1000)) ms")
    }
}
