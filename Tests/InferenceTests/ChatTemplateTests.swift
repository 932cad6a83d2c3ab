import Foundation
import XCTest
@testable import Inference

/// Chat templates must render byte for byte like Python's jinja2 in Hugging Face's
/// environment; the expected outputs come from scripts/make-template-fixtures.py.
final class ChatTemplateTests: XCTestCase {
    private var directory: URL { TestPaths.fixtures.appendingPathComponent("templates") }

    private func template(_ name: String) throws -> ChatTemplate {
        let source = try String(contentsOf: directory.appendingPathComponent(name + ".jinja"), encoding: .utf8)
        return try ChatTemplate(source: source)
    }

    func testEveryFixtureCaseRendersExactlyLikeJinja2() throws {
        let fixture = try FixtureJSONReader.parse(try Data(contentsOf: directory.appendingPathComponent("cases.json")))
        guard case .array(let cases)? = fixture["cases"] else { return XCTFail("cases.json has no cases") }
        XCTAssertGreaterThan(cases.count, 100)
        var templates: [String: ChatTemplate] = [:]
        var failures: [String] = []
        for testCase in cases {
            let name = testCase["name"]?.stringValue ?? "?"
            let templateName = testCase["template"]?.stringValue ?? "?"
            if templates[templateName] == nil { templates[templateName] = try template(templateName) }
            guard let chatTemplate = templates[templateName], case .array(let rawMessages)? = testCase["messages"] else {
                failures.append("\(name): malformed case"); continue
            }
            let messages = rawMessages.map { ChatMessage(role: $0["role"]?.stringValue ?? "", content: $0["content"]?.stringValue ?? "") }
            var extra: [String: TemplateValue] = [:]
            if case .object(let entries)? = testCase["extra"] { for entry in entries { extra[entry.key] = entry.value } }
            // Messages with more than role and content (tool calls) go in as a raw variable.
            if rawMessages.contains(where: { if case .object(let e) = $0 { return e.count > 2 }; return false }) {
                extra["messages"] = .array(rawMessages)
            }
            do {
                let output = try chatTemplate.render(messages: messages, addGenerationPrompt: testCase["add_generation_prompt"] == .bool(true),
                                                     bosToken: testCase["bos_token"]?.stringValue ?? "", eosToken: testCase["eos_token"]?.stringValue ?? "",
                                                     extra: extra)
                if let expected = testCase["expected"]?.stringValue {
                    if Array(output.utf8) != Array(expected.utf8) {
                        failures.append("\(name): rendered\n\(output.debugDescription)\nexpected\n\(expected.debugDescription)")
                    }
                } else {
                    failures.append("\(name): rendered, but jinja2 raised \(testCase["error"]?.stringValue ?? "?")")
                }
            } catch TemplateError.raised(let message, _) {
                if testCase["error"]?.stringValue != message { failures.append("\(name): raised '\(message)' unexpectedly") }
            } catch {
                failures.append("\(name): \(error)")
            }
        }
        XCTAssert(failures.isEmpty, "\(failures.count) of \(cases.count) cases differ:\n" + failures.joined(separator: "\n\n"))
    }

    /// The fixtures' model templates are the shipped files' own `tokenizer.chat_template`,
    /// so the cases above check what the swarms render, not a copy that could drift.
    func testModelTemplateFixturesAreTheModelFilesOwnTemplates() throws {
        let models = ["smollm2": TestPaths.smolLM2, "qwen25-coder-0.5b": TestPaths.qwen05, "qwen25-coder-1.5b": TestPaths.qwen15]
        for (fixture, model) in models.sorted(by: { $0.key < $1.key }) {
            let file = try GGUFFile(contentsOf: try TestPaths.model(model))
            let own = try XCTUnwrap(file.metadata.string("tokenizer.chat_template"), "\(model) has no chat template")
            let committed = try String(contentsOf: directory.appendingPathComponent(fixture + ".jinja"), encoding: .utf8)
            XCTAssertEqual(Array(own.utf8), Array(committed.utf8), "\(fixture).jinja is not \(model)'s template: rerun scripts/make-template-fixtures.py")
        }
    }

    /// The Qwen2.5 template's tools branch: a system prompt that lists the tools as JSON,
    /// tool calls written as <tool_call> blocks, consecutive tool results in one user turn.
    func testQwenToolsBranchListsToolsAndGroupsToolResults() throws {
        let qwen = try template("qwen25-coder-0.5b")
        let tool: TemplateValue = .object(["type": .string("function"),
                                           "function": .object(["name": .string("lookup"), "parameters": .object([:])])])
        let call: TemplateValue = .object(["function": .object(["name": .string("lookup"), "arguments": .object(["n": .int(7)])])])
        let messages: TemplateValue = .array([
            .object(["role": .string("user"), "content": .string("Check 7")]),
            .object(["role": .string("assistant"), "content": .string(""), "tool_calls": .array([call])]),
            .object(["role": .string("tool"), "content": .string("a")]),
            .object(["role": .string("tool"), "content": .string("b")]),
        ])
        let text = try qwen.render(messages: [], addGenerationPrompt: true, bosToken: "", eosToken: "<|im_end|>",
                                   extra: ["tools": .array([tool]), "messages": messages])
        XCTAssertTrue(text.hasPrefix("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud."))
        XCTAssertTrue(text.contains("<tools>\n{\"type\": \"function\", \"function\": {\"name\": \"lookup\", \"parameters\": {}}}\n</tools>"))
        XCTAssertTrue(text.contains("<|im_start|>assistant\n<tool_call>\n{\"name\": \"lookup\", \"arguments\": {\"n\": 7}}\n</tool_call><|im_end|>\n"))
        XCTAssertTrue(text.contains("<|im_start|>user\n<tool_response>\na\n</tool_response>\n<tool_response>\nb\n</tool_response><|im_end|>\n"))
        XCTAssertTrue(text.hasSuffix("<|im_start|>assistant\n"))
    }

    func testSmolLM2TemplateAddsDefaultSystemPromptOnlyWithoutOne() throws {
        let smol = try template("smollm2")
        let plain = try smol.render(messages: [ChatMessage(role: "user", content: "Hi")], addGenerationPrompt: true, bosToken: "", eosToken: "")
        XCTAssertTrue(plain.hasPrefix("<|im_start|>system\nYou are a helpful AI assistant named SmolLM"))
        XCTAssertTrue(plain.hasSuffix("<|im_start|>assistant\n"))
        let withSystem = try smol.render(messages: [ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Hi")],
                                         addGenerationPrompt: false, bosToken: "", eosToken: "")
        XCTAssertEqual(withSystem, "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n")
    }

    func testRaiseExceptionIsATypedErrorWithItsLocation() throws {
        let gemma = try template("gemma2")
        XCTAssertThrowsError(try gemma.render(messages: [ChatMessage(role: "system", content: "x")], addGenerationPrompt: false, bosToken: "", eosToken: "")) { error in
            guard case TemplateError.raised(let message, let location) = error else { return XCTFail("expected .raised, got \(error)") }
            XCTAssertEqual(message, "System role not supported")
            XCTAssertEqual(location.line, 1)
            XCTAssertGreaterThan(location.column, 50)
        }
    }
}
