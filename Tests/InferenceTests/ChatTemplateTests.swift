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
