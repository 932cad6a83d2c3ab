import Foundation
import XCTest
@testable import Inference

/// Constrained generation end to end on SmolLM2 (run in release; see README):
/// every answer parses and validates, whatever the sampling.
final class ConstraintGenerationTests: XCTestCase {
    nonisolated(unsafe) static var smolLM2: LanguageModel?

    private func model() throws -> LanguageModel {
        if let model = Self.smolLM2 { return model }
        let model = try LanguageModel(path: try TestPaths.model(TestPaths.smolLM2))
        Self.smolLM2 = model
        return model
    }

    static var ticketSchema: [String: Any] {
        [
        "type": "object",
        "properties": [
            "category": ["enum": ["billing", "technical"]],
            "urgent": ["type": "boolean"],
            "summary": ["type": "string", "maxLength": 80],
        ],
        "required": ["category", "urgent", "summary"],
        ]
    }

    private func ticketPrompt(_ model: LanguageModel, _ ticket: String) throws -> [Int32] {
        let system = "You triage support tickets. Reply with JSON: category (billing or technical), urgent (true or false), summary (one short sentence)."
        return model.tokenize(prompt: try model.renderChat([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: ticket)]))
    }

    private func assertValid(_ result: GenerationResult, _ schema: [String: Any], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.finishReason, .endOfGeneration, result.text, file: file, line: line)
        guard let value = try? JSONSerialization.jsonObject(with: Data(result.text.utf8), options: [.fragmentsAllowed]) else {
            return XCTFail("not JSON: \(result.text)", file: file, line: line)
        }
        XCTAssertEqual(SchemaValidator.problems(value, schema), [], result.text, file: file, line: line)
    }

    func testGreedyAndSampledAnswersAlwaysValidateAgainstTheSchema() throws {
        let model = try model()
        let schema = Self.ticketSchema
        let parsed = try JSONSchema(schema)  // parsed once: a Sendable value the factory can capture
        let tokenizer = model.tokenizer
        let tickets = [
            "I was charged twice for my subscription this month, please refund the second payment ASAP!",
            "The app crashes every time I open the settings page on Android 14.",
        ]
        for ticket in tickets {
            let prompt = try ticketPrompt(model, ticket)
            for sampling in [SamplingParameters.greedy] + (1 ... 4).map({ SamplingParameters(temperature: 1, seed: $0) }) {
                let options = GenerationOptions(sampling: sampling, maxTokens: 200) { JSONSchemaConstraint(schema: parsed, tokenizer: tokenizer) }
                var streamed = ""
                let result = try TextGenerator(model: model).generate(prompt: prompt, options: options) { streamed += $0; return true }
                assertValid(result, schema)
                XCTAssertEqual(streamed, result.text)
                print("constrained (t=\(sampling.temperature), seed \(sampling.seed)): \(result.text)")
            }
        }
    }

    func testNestedSchemaWithNumbersAndArraysValidates() throws {
        let model = try model()
        let tokenizer = model.tokenizer
        let schema: [String: Any] = [
            "type": "object",
            "properties": [
                "priority": ["type": "integer", "minimum": 1, "maximum": 5],
                "confidence": ["type": "number", "minimum": 0, "maximum": 1],
                "tags": ["type": "array", "items": ["type": "string", "maxLength": 20], "minItems": 1, "maxItems": 3],
                "customer": ["type": "object", "properties": ["name": ["type": ["string", "null"], "maxLength": 30]], "required": ["name"]],
            ],
            "required": ["priority", "confidence", "tags", "customer"],
        ]
        let parsed = try JSONSchema(schema)
        let prompt = try ticketPrompt(model, "Hi, this is Dana. My invoice shows the wrong VAT number and I need it fixed before Friday.")
        for seed in [0, 11, 12] as [UInt64] {
            let sampling = seed == 0 ? SamplingParameters.greedy : SamplingParameters(temperature: 1, seed: seed)
            let options = GenerationOptions(sampling: sampling, maxTokens: 250) { JSONSchemaConstraint(schema: parsed, tokenizer: tokenizer) }
            let result = try TextGenerator(model: model).generate(prompt: prompt, options: options)
            assertValid(result, schema)
            print("nested (seed \(seed)): \(result.text)")
        }
    }

    /// Gemma 3: a SentencePiece vocabulary of 262k tokens and a base (non-chat) model.
    func testGemmaAnswersValidateToo() throws {
        let model = try LanguageModel(path: try TestPaths.model(TestPaths.gemma3))
        let tokenizer = model.tokenizer
        let parsed = try JSONSchema(Self.ticketSchema)
        let prompt = model.tokenize(prompt: "Support ticket: \"My card was charged twice for the same order.\"\nTriage as JSON with category, urgent and summary:\n")
        for sampling in [SamplingParameters.greedy, SamplingParameters(temperature: 1, seed: 5)] {
            let options = GenerationOptions(sampling: sampling, maxTokens: 160) { JSONSchemaConstraint(schema: parsed, tokenizer: tokenizer) }
            let result = try TextGenerator(model: model).generate(prompt: prompt, options: options)
            assertValid(result, Self.ticketSchema)
            print("gemma (t=\(sampling.temperature)): \(result.text)")
        }
    }

    func testRunningOutOfTokensIsReportedAsIncomplete() throws {
        let model = try model()
        let tokenizer = model.tokenizer
        let options = GenerationOptions(maxTokens: 4) { try JSONSchemaConstraint(schema: Self.ticketSchema, tokenizer: tokenizer) }
        let result = try TextGenerator(model: model).generate(prompt: try ticketPrompt(model, "Refund me."), options: options)
        XCTAssertEqual(result.finishReason, .constraintIncomplete)
        XCTAssertEqual(result.ids.count, 4)
    }

    func testScaleChoiceStopsAfterTheDigit() throws {
        let model = try model()
        let tokenizer = model.tokenizer
        let text = try model.renderChat([ChatMessage(role: "user", content: "Rate how polite this reply is from 1 (rude) to 5 (very polite): \"Thanks so much for waiting, I have fixed it for you.\" Answer with one digit.")])
        for seed in [0, 1, 2] as [UInt64] {
            let options = GenerationOptions(sampling: SamplingParameters(temperature: seed == 0 ? 0 : 1, seed: seed), maxTokens: 8) {
                try ChoiceConstraint(choices: ["1", "2", "3", "4", "5"], tokenizer: tokenizer)
            }
            let result = try TextGenerator(model: model).generate(prompt: model.tokenize(prompt: text), options: options)
            XCTAssertTrue(["1", "2", "3", "4", "5"].contains(result.text), result.text)
            XCTAssertEqual(result.ids.count, 1)
            XCTAssertEqual(result.finishReason, .endOfGeneration)
        }
    }

    func testStopStringsWithAConstraintAreRefused() throws {
        let model = try model()
        let tokenizer = model.tokenizer
        let options = GenerationOptions(stopStrings: ["}"]) { try ChoiceConstraint(choices: ["a"], tokenizer: tokenizer) }
        XCTAssertThrowsError(try TextGenerator(model: model).generate(prompt: model.tokenize(prompt: "x"), options: options)) { error in
            XCTAssertEqual(error as? ConstraintError, .stopStringsWithConstraint)
        }
    }

    func testSchemaErrorsSurfaceFromTheFactory() throws {
        let model = try model()
        let tokenizer = model.tokenizer
        let schema = #"{"type":"object","properties":{"priority":{"type":"string","pattern":"^P[0-4]$"}}}"#
        let options = GenerationOptions { JSONSchemaConstraint(schema: try JSONSchema(json: schema), tokenizer: tokenizer) }
        XCTAssertThrowsError(try TextGenerator(model: model).generate(prompt: model.tokenize(prompt: "x"), options: options)) { error in
            XCTAssertEqual("\(error)", "#/properties/priority/pattern: keyword 'pattern' is not supported (regular expressions cannot be enforced while generating; use 'enum' or 'maxLength')")
        }
    }
}
