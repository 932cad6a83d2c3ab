import Foundation
import XCTest
@testable import Inference

/// all-mpnet-base-v2 (12 layers, 768 wide, relative-position bias, `<s> … </s>`)
/// against the sentence-transformers reference of scripts/make-embedding-fixtures.py.
final class SentenceEncoderMPNetTests: XCTestCase {
    static let modelName = "all-mpnet-base-v2"

    private func encoder() throws -> SentenceEncoder {
        try SentenceEncoder(directory: try TestPaths.model(Self.modelName))
    }

    func testReadsTheMPNetArchitecture() throws {
        let encoder = try encoder()
        let c = encoder.encoder.configuration
        XCTAssertEqual(c.architecture, .mpnet)
        XCTAssertEqual([c.hiddenSize, c.layerCount, c.headCount, c.positionOffset, c.maximumSequenceLength, c.relativeAttentionBuckets],
                       [768, 12, 12, 2, 512, 32])
        XCTAssertEqual(encoder.maximumTokens, 384)  // sentence_bert_config.json
        XCTAssertEqual(encoder.tokenizer.bos.map(encoder.tokenizer.piece), "<s>")
        XCTAssertEqual(encoder.tokenizer.separator.map(encoder.tokenizer.piece), "</s>")
    }

    func testMatchesSentenceTransformersFromText() throws {
        let fixture = try EmbeddingFixture.load("all-mpnet-base-v2.json")
        XCTAssertGreaterThanOrEqual(fixture.sentences.count, 20)
        let encoder = try encoder()
        XCTAssertEqual(encoder.maximumTokens, fixture.max_seq_length)
        var mismatches: [String] = []
        for sentence in fixture.sentences where encoder.tokenIDs(for: sentence.text) != sentence.token_ids {
            mismatches.append(String(sentence.text.prefix(40)))
        }
        for item in fixture.tokenizer_cases
        where SentenceEncoderTests.knownTokenizerDifferences[item.text] == nil && encoder.tokenIDs(for: item.text) != item.token_ids {
            mismatches.append(item.text.debugDescription)
        }
        XCTAssertEqual(mismatches, [], "token ids differ from the Hugging Face tokenizer")

        let embeddings = try encoder.embed(fixture.sentences.map(\.text))
        var largestDifference: Float = 0
        for (sentence, embedding) in zip(fixture.sentences, embeddings) {
            XCTAssertEqual(embedding.count, 768)
            for (a, b) in zip(embedding, sentence.embedding) { largestDifference = max(largestDifference, abs(a - b)) }
        }
        // The fixture is rounded to 6 decimals; float32 sums over 12 layers add a little.
        XCTAssertLessThan(largestDifference, 2e-5)
        print("SentenceEncoder (MPNet): largest component difference to sentence-transformers \(largestDifference)")
    }

    func testBoundaryTokenNamesInTextAreText() throws {
        SentenceEncoderTests.assertBoundaryTokensOnlyAtTheEnds(try encoder(), text: "</s> <s> [SEP]")
    }

    func testRejectsSequencesPastThePositionTable() throws {
        let encoder = try encoder()
        XCTAssertThrowsError(try encoder.embed(tokenIDs: [[Int32](repeating: 1000, count: 513)])) { error in
            XCTAssertEqual((error as? EncoderError)?.kind, .sequenceTooLong(length: 513, maximum: 512))
        }
    }
}
