import XCTest
@testable import Inference

final class TextGeneratorTests: XCTestCase {
    /// One model load for the whole class: loading is cheap (mmap) but not free.
    nonisolated(unsafe) static var smolLM2: LanguageModel?

    private func model() throws -> LanguageModel {
        if let model = Self.smolLM2 { return model }
        let model = try LanguageModel(path: try TestPaths.model(TestPaths.smolLM2))
        Self.smolLM2 = model
        return model
    }

    /// The generator's greedy path is the forward pass's argmax, token by token
    /// (agreement with llama.cpp itself is TransformerReferenceTests' job).
    func testGreedyGenerationIsTheArgmaxOfEachForwardPass() throws {
        let model = try model()
        let prompt = model.tokenize(prompt: "The capital of France is")
        var streamed = ""
        let result = try TextGenerator(model: model).generate(
            prompt: prompt, options: GenerationOptions(maxTokens: 16)) { streamed += $0; return true }
        let cache = model.transformer.makeCache(capacity: prompt.count + 16)
        var logits = try model.transformer.forward(prompt, cache: cache)
        var expected: [Int32] = []
        for _ in 0..<16 {
            let next = Int32(Sampler.argmax(logits))
            expected.append(next)
            logits = try model.transformer.forward([next], cache: cache)
        }
        XCTAssertEqual(result.ids, expected)
        XCTAssertEqual(result.finishReason, .maxTokens)
        XCTAssertEqual(streamed, result.text)
        XCTAssertEqual(result.text, model.tokenizer.decode(result.ids))
    }

    func testStopStringEndsGenerationAndIsNotEmitted() throws {
        let model = try model()
        let prompt = model.tokenize(prompt: "The capital of France is")
        let full = try TextGenerator(model: model).generate(prompt: prompt, options: GenerationOptions(maxTokens: 12))
        guard let period = full.text.firstIndex(of: ".") else { return XCTFail("no '.' in \(full.text)") }
        var streamed = ""
        let stopped = try TextGenerator(model: model).generate(
            prompt: prompt, options: GenerationOptions(maxTokens: 12, stopStrings: ["."])) { streamed += $0; return true }
        XCTAssertEqual(stopped.finishReason, .stopString)
        XCTAssertEqual(stopped.text, String(full.text[..<period]))
        XCTAssertEqual(streamed, stopped.text)
    }

    func testChatTemplateEndsAtEndOfTurn() throws {
        let model = try model()
        let text = try model.renderChat([ChatMessage(role: "user", content: "Say hello.")])
        XCTAssertTrue(text.hasSuffix("<|im_start|>assistant\n"), text)
        let result = try TextGenerator(model: model).generate(prompt: model.tokenize(prompt: text), options: GenerationOptions(maxTokens: 64))
        XCTAssertEqual(result.finishReason, .endOfGeneration, result.text)
        XCTAssertFalse(result.text.contains("<|im_end|>"))
    }

    func testSeededSamplingIsReproducibleAndSeedsDiffer() throws {
        let model = try model()
        let prompt = model.tokenize(prompt: "Once upon a time")
        func run(seed: UInt64) throws -> [Int32] {
            let sampling = SamplingParameters(temperature: 1.0, topK: 40, topP: 0.95, seed: seed)
            return try TextGenerator(model: model).generate(prompt: prompt, options: GenerationOptions(sampling: sampling, maxTokens: 12)).ids
        }
        XCTAssertEqual(try run(seed: 7), try run(seed: 7))
        XCTAssertNotEqual(try run(seed: 7), try run(seed: 8))
    }

    func testStopStringFilterHoldsBackPossibleStarts() {
        var filter = StopStringFilter(stopStrings: ["###"])
        XCTAssertEqual(filter.append("abc#").released, "abc")
        XCTAssertEqual(filter.append("#").released, "")
        let (released, stopped) = filter.append("#tail")
        XCTAssertEqual(released, "")
        XCTAssertTrue(stopped)
        var other = StopStringFilter(stopStrings: ["###"])
        _ = other.append("x#")
        XCTAssertEqual(other.finish("y"), "#y")
    }
}
