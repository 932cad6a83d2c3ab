import Foundation
import XCTest
@testable import Inference

/// Speculative decoding: a draft model proposes, the target verifies in one pass.
/// Greedy output must be the target's own, token for token, whatever the draft.
final class SpeculativeDecodingTests: XCTestCase {
    private func synthetic(_ name: String) throws -> LanguageModel {
        try LanguageModel(path: TestPaths.models.appendingPathComponent("synthetic/\(name).gguf").path)
    }

    /// Two random models over one byte vocabulary: they agree on some tokens and not on
    /// others, so both the kept and the replaced paths run.
    func testGreedyOutputIsIdenticalWithADisagreeingDraft() throws {
        let target = try synthetic("llama3"), other = try synthetic("qwen3")
        let draft = try SpeculativeDraft(model: other, target: target, tokens: 3)
        let prompts: [[Int32]] = [[10, 20, 30, 40, 50], [7, 7, 7], [200, 1, 99, 42, 13, 8, 250]]
        let options = GenerationOptions(maxTokens: 40)
        var drafted = 0, kept = 0
        for prompt in prompts {
            let plain = try TextGenerator(model: target).generate(prompt: prompt, options: options)
            let speculative = try TextGenerator(model: target, draft: draft).generate(prompt: prompt, options: options)
            XCTAssertEqual(speculative.ids, plain.ids, "prompt \(prompt)")
            XCTAssertEqual(speculative.finishReason, plain.finishReason)
            drafted += speculative.draftedTokens
            kept += speculative.acceptedDraftTokens
        }
        XCTAssertGreaterThan(drafted, 0)
        XCTAssertLessThan(kept, drafted, "some proposals were replaced")
    }

    /// A draft that is the target itself proposes exactly what the target picks.
    func testGreedyDraftThatAgreesIsAlwaysKept() throws {
        let model = try LanguageModel(path: try TestPaths.model(TestPaths.smolLM2))
        let draft = try SpeculativeDraft(model: model, target: model, tokens: 4)
        let prompt = model.tokenize(prompt: "The capital of France is")
        let options = GenerationOptions(maxTokens: 24)
        let plain = try TextGenerator(model: model).generate(prompt: prompt, options: options)
        var streamed = ""
        let speculative = try TextGenerator(model: model, draft: draft).generate(prompt: prompt, options: options) {
            streamed += $0
            return true
        }
        XCTAssertEqual(speculative.ids, plain.ids)
        XCTAssertEqual(speculative.text, plain.text)
        XCTAssertEqual(streamed, plain.text)
        XCTAssertGreaterThan(speculative.draftedTokens, 0)
        XCTAssertEqual(speculative.acceptedDraftTokens, speculative.draftedTokens)
    }

    /// Inside batches, with a shared prefix and sequences ending at different steps.
    func testBatchedGreedyWithADraftEqualsBatchedWithout() throws {
        let target = try synthetic("llama3"), other = try synthetic("mistral")
        let draft = try SpeculativeDraft(model: other, target: target, tokens: 4)
        let prompts: [[Int32]] = (0..<5).map { [1, 2, 3, 4, 5, 6] + [Int32(10 * $0 + 9), Int32($0)] }
        let options = GenerationOptions(maxTokens: 17 + 0)
        let plain = try BatchedGenerator(model: target, batchSize: 3).generate(prompts: prompts, options: options)
        let speculative = try BatchedGenerator(model: target, batchSize: 3, draft: draft).generate(prompts: prompts, options: options)
        XCTAssertEqual(speculative.map(\.ids), plain.map(\.ids))
        XCTAssertEqual(speculative.map(\.finishReason), plain.map(\.finishReason))
    }

    /// A round of many sequences proposes nothing; once some end, the rest start
    /// proposing and the draft first reads what it skipped. Output is unchanged.
    func testDraftingThatStartsMidBatchKeepsTheOutput() throws {
        let target = try synthetic("llama3"), other = try synthetic("mistral")
        // 4 rows per pass: three sequences propose 4/3 − 1 = 0 tokens, two propose 1 each.
        let draft = try SpeculativeDraft(model: other, target: target, tokens: 4, maxVerifiedRows: 4)
        XCTAssertEqual(draft.tokensPerSequence(active: 3), 0)
        XCTAssertEqual(draft.tokensPerSequence(active: 2), 1)
        XCTAssertEqual(draft.tokensPerSequence(active: 1), 3)
        let prompts: [[Int32]] = (0..<3).map { [1, 2, 3, 4] + [Int32(30 * $0 + 7)] }
        let options = GenerationOptions(maxTokens: 24)
        let endFirstEarly: (Int, String) -> Bool = { index, _ in index != 0 }
        let plain = try BatchedGenerator(model: target, batchSize: 3)
            .generate(prompts: prompts, options: options, onText: endFirstEarly)
        let speculative = try BatchedGenerator(model: target, batchSize: 3, draft: draft)
            .generate(prompts: prompts, options: options, onText: endFirstEarly)
        XCTAssertEqual(speculative.map(\.ids), plain.map(\.ids))
        XCTAssertLessThan(plain[0].ids.count, plain[1].ids.count, "the first sequence ended early")
        XCTAssertEqual(speculative[0].draftedTokens, 0)
        XCTAssertGreaterThan(speculative[1].draftedTokens, 0)
    }

    /// Under a schema the draft proposes on a copy of the constraint; the answer is the
    /// target's own and valid.
    func testConstrainedGreedyWithADraftIsIdenticalAndValid() throws {
        let target = try synthetic("llama3"), other = try synthetic("qwen3")
        let draft = try SpeculativeDraft(model: other, target: target, tokens: 4)
        let schema = try JSONSchema(json: #"{"type": "object", "properties": {"category": {"enum": ["billing", "shipping"]}, "urgent": {"type": "boolean"}}, "required": ["category", "urgent"]}"#)
        let tokenizer = target.tokenizer
        let options = GenerationOptions(maxTokens: 60) { JSONSchemaConstraint(schema: schema, tokenizer: tokenizer) }
        let prompts: [[Int32]] = [[123, 34, 99], [5, 6, 7, 8]]
        let plain = try BatchedGenerator(model: target, batchSize: 2).generate(prompts: prompts, options: options)
        let speculative = try BatchedGenerator(model: target, batchSize: 2, draft: draft).generate(prompts: prompts, options: options)
        XCTAssertEqual(speculative.map(\.ids), plain.map(\.ids))
        for result in speculative {
            XCTAssertEqual(result.finishReason, .endOfGeneration, result.text)
            XCTAssertTrue(JSONSchemaMatcher.accepts(result.text, schema: schema), result.text)
        }
        XCTAssertGreaterThan(speculative.map(\.draftedTokens).reduce(0, +), 0)
    }

    /// Sampled decoding with a draft stays seeded: the same seed gives the same text.
    func testSampledDecodingWithADraftIsReproducible() throws {
        let target = try synthetic("llama3"), other = try synthetic("qwen3")
        let draft = try SpeculativeDraft(model: other, target: target, tokens: 3)
        let options = GenerationOptions(sampling: SamplingParameters(temperature: 0.8, topK: 20, seed: 11), maxTokens: 30)
        let first = try TextGenerator(model: target, draft: draft).generate(prompt: [3, 1, 4, 1, 5], options: options)
        let again = try TextGenerator(model: target, draft: draft).generate(prompt: [3, 1, 4, 1, 5], options: options)
        XCTAssertEqual(first.ids, again.ids)
        XCTAssertEqual(first.ids.count, 30)
    }

    func testADraftWithAnotherVocabularyIsRefused() throws {
        let target = try LanguageModel(path: try TestPaths.model(TestPaths.smolLM2))
        XCTAssertThrowsError(try SpeculativeDraft(model: try synthetic("llama3"), target: target)) { error in
            guard case GenerationError.draftVocabularyMismatch = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("258 tokens against 49152"), "\(error)")
        }
    }
}
