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

    func testEveryBatchedAnswerSatisfiesTheSchema() throws {
        let model = try LanguageModel(path: try TestPaths.model(TestPaths.smolLM2))
        let schema = try JSONSchema(json: #"{"type": "object", "properties": {"category": {"enum": ["billing", "shipping"]}, "urgent": {"type": "boolean"}}, "required": ["category", "urgent"]}"#)
        let prompts = try ["My parcel is late!", "Refund me now, I was charged twice", "Hello"].map {
            model.tokenize(prompt: try model.renderChat([ChatMessage(role: "user", content: "Classify as JSON: \($0)")]))
        }
        let tokenizer = model.tokenizer
        var options = GenerationOptions(sampling: SamplingParameters(temperature: 1, seed: 3), maxTokens: 40)
        options.constraint = { JSONSchemaConstraint(schema: schema, tokenizer: tokenizer) }
        for result in try BatchedGenerator(model: model, batchSize: 3).generate(prompts: prompts, options: options) {
            XCTAssertNotEqual(result.finishReason, .constraintIncomplete, result.text)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.text.utf8)) as? [String: Any], result.text)
            XCTAssertTrue(["billing", "shipping"].contains(object["category"] as? String ?? ""), result.text)
            XCTAssertNotNil(object["urgent"] as? Bool, result.text)
        }
    }

    func testCommonPrefixLeavesEachPromptAToken() {
        XCTAssertEqual(BatchedGenerator.commonPrefixLength([[1, 2, 3], [1, 2, 3]]), 2)
        XCTAssertEqual(BatchedGenerator.commonPrefixLength([[1, 2, 3], [1, 9]]), 1)
        XCTAssertEqual(BatchedGenerator.commonPrefixLength([[5], [5, 6]]), 0)
    }
}
