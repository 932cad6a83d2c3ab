import XCTest
@testable import Inference

/// Continuation log-probabilities against the slow reference: the prompt and the
/// continuation run as one sequence, each position's logits scoring the next token.
final class ContinuationScorerTests: XCTestCase {
    func reference(_ transformer: Transformer, prompt: [Int32], continuation: [Int32]) throws -> Double {
        let tokens = prompt + continuation
        let logits = try transformer.forward(tokens, cache: transformer.makeCache(capacity: tokens.count), logits: .all)
        let vocabulary = transformer.parameters.vocabularySize
        var sum = 0.0
        for (k, token) in continuation.enumerated() {
            let position = prompt.count - 1 + k
            let row = Array(logits[(position * vocabulary)..<((position + 1) * vocabulary)])
            sum += Double(ContinuationScorer.logSoftmax(row)[Int(token)])
        }
        return sum
    }

    func testLabelsOfSeveralTokensScoreAsOneSequenceDoes() throws {
        let model = try LanguageModel(path: try TestPaths.model(TestPaths.smolLM2))
        let prompt = model.tokenize(prompt: "Sort the request into a category.\nRequest: my card never arrived\nCategory:")
        let labels = [" card_arrival", " top_up_by_cash_or_cheque", " other", " lost_or_stolen_card"]
        let continuations = labels.map { model.tokenizer.encode($0, addSpecial: false, parseSpecial: false) }
        XCTAssertGreaterThan(continuations.map(\.count).max() ?? 0, 4, "labels long enough to need several positions")
        let single = try ContinuationScorer(model: model).logProbabilities(prompt: prompt, continuations: continuations)
        let batched = try ContinuationScorer(model: model).logProbabilities(prompts: [prompt, prompt + [13]], continuations: continuations)
        for (i, continuation) in continuations.enumerated() {
            let expected = try reference(model.transformer, prompt: prompt, continuation: continuation)
            // Rows fall into different kernel tiles in one long sequence than in forked steps.
            XCTAssertEqual(single[i], expected, accuracy: 1e-3, labels[i])
            XCTAssertEqual(batched[0][i], expected, accuracy: 1e-3, labels[i])
            XCTAssertEqual(batched[1][i], try reference(model.transformer, prompt: prompt + [13], continuation: continuation),
                           accuracy: 1e-3, labels[i])
        }
    }
}
