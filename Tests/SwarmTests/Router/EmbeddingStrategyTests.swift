import XCTest
@testable import Swarm

/// The evidence formula on vectors chosen so every cosine is known by hand
/// (the encoder itself is tested against sentence-transformers elsewhere).
final class EmbeddingStrategyTests: XCTestCase {
    struct TableEmbedder: TextEmbedder {
        let table: [String: [Float]]
        func embed(_ texts: [String]) throws -> [[Float]] { texts.map { table[$0]! } }
    }

    static let embedder = TableEmbedder(table: [
        "a": [1, 0, 0], "b": [0.8, 0.6, 0], "c": [0, 0, 1], "d": [0, 1, 0], "query": [0.6, 0.8, 0],
    ])

    func strategy(_ examples: [(String, String)]) throws -> EmbeddingStrategy {
        try EmbeddingStrategy(embedder: Self.embedder, examples: examples.map { LabelledExample(text: $0.0, domain: $0.1) })
    }

    func testTightnessIsTheMeanCosineToTheNearestSameLabelExamplesAndLoneExamplesTakeTheMean() throws {
        let tightness = EmbeddingStrategy.tightness([[[1, 0, 0], [0.8, 0.6, 0], [0, 1, 0]], [[0, 0, 1]]])
        // a: nearest b (0.8), d (0): mean 0.4; b: a 0.8, d 0.6: 0.7; d: b 0.6, a 0: 0.3; c alone: mean 0.4666….
        XCTAssertEqual(tightness[0][0], 0.4, accuracy: 1e-6)
        XCTAssertEqual(tightness[0][1], 0.7, accuracy: 1e-6)
        XCTAssertEqual(tightness[0][2], 0.3, accuracy: 1e-6)
        XCTAssertEqual(tightness[1][0], 1.4 / 3, accuracy: 1e-6)
    }

    func testEvidenceIsTheDiscountedNearestCosinePlusHalfTheDomainMargin() throws {
        let evaluation = try strategy([("a", "billing"), ("b", "billing"), ("c", "shipping")]).evaluate("query")
        // Cosines a 0.6, b 0.96, c 0; tightness a = b = 0.8, c (alone) 0.8.
        // Nearest discounted: 0.96 - 0.25 * 0.8 = 0.76; billing 0.78 over shipping 0: + 0.5 * 0.78.
        XCTAssertEqual(try XCTUnwrap(evaluation.similarity), 0.76 + 0.39, accuracy: 1e-6)
        XCTAssertGreaterThan(evaluation.scores["billing"]!, 0.99)
    }

    func testAnOutOfScopeExampleNearerThanTheDomainLowersTheEvidence() throws {
        let evaluation = try strategy([("a", "billing"), ("b", "billing"), ("c", "shipping"), ("d", Route.outOfScopeLabel)])
            .evaluate("query")
        // out_of_scope's similarity 0.8 beats billing's 0.78: the margin is -0.02.
        XCTAssertEqual(try XCTUnwrap(evaluation.similarity), 0.76 - 0.01, accuracy: 1e-6)
    }

    func testASingleLabelHasNoMarginAndNoInScopeExampleGivesMinusOne() throws {
        let single = try strategy([("a", "billing"), ("b", "billing")]).evaluate("query")
        XCTAssertEqual(try XCTUnwrap(single.similarity), 0.76, accuracy: 1e-6)
        let none = try strategy([("d", Route.outOfScopeLabel)]).evaluate("query")
        XCTAssertEqual(none.similarity, -1)
    }
}
