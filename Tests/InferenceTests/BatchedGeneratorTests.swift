import XCTest
@testable import Inference

final class BatchedGeneratorTests: XCTestCase {
    func testBatchedGreedyEqualsOneAtATime() throws {
        let model = try LanguageModel(path: try TestPaths.model(TestPaths.smolLM2))
        let system = "You are a helpful support assistant for a store that sells beekeeping gear."
        let questions = ["Where is my order?", "I was charged twice.", "How do I reset my password?",
                         "My hive sensor is offline.", "Can I return a veil?"]
        let prompts = try questions.map {
            model.tokenize(prompt: try model.renderChat([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: $0)]))
        }
        XCTAssertGreaterThan(BatchedGenerator.commonPrefixLength(prompts), 15, "the system prompt is shared")
        let options = GenerationOptions(maxTokens: 12, stopStrings: ["\n\n"])
        var finished: [Int] = []
        let batched = try BatchedGenerator(model: model, batchSize: 3).generate(prompts: prompts, options: options) { index, _ in
            finished.append(index)
        }
        XCTAssertEqual(Set(finished), Set(prompts.indices))
        for (i, prompt) in prompts.enumerated() {
            let single = try TextGenerator(model: model).generate(prompt: prompt, options: options)
            XCTAssertEqual(batched[i].ids, single.ids, "prompt \(i)")
            XCTAssertEqual(batched[i].text, single.text, "prompt \(i)")
            XCTAssertEqual(batched[i].finishReason, single.finishReason, "prompt \(i)")
        }
    }

    func testCommonPrefixLeavesEachPromptAToken() {
        XCTAssertEqual(BatchedGenerator.commonPrefixLength([[1, 2, 3], [1, 2, 3]]), 2)
        XCTAssertEqual(BatchedGenerator.commonPrefixLength([[1, 2, 3], [1, 9]]), 1)
        XCTAssertEqual(BatchedGenerator.commonPrefixLength([[5], [5, 6]]), 0)
    }
}
