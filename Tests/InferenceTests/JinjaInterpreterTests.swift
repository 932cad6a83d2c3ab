import XCTest
@testable import Inference

/// Behaviours of the Jinja interpreter beyond the rendered fixtures: error
/// locations, whitespace options, scoping.
final class JinjaInterpreterTests: XCTestCase {
    private func render(_ source: String, _ variables: [String: TemplateValue] = [:]) throws -> String {
        try ChatTemplate(source: source).render(messages: [], addGenerationPrompt: false, bosToken: "", eosToken: "", extra: variables)
    }

    func testSyntaxErrorsCarryLineAndColumn() {
        XCTAssertThrowsError(try ChatTemplate(source: "line one\n  {% if x %}never closed")) { error in
            guard case TemplateError.syntax(let message, let at) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(at, SourceLocation(line: 2, column: 3))
            XCTAssertTrue(message.contains("endif"), message)
        }
        XCTAssertThrowsError(try ChatTemplate(source: "{{ 1 + }}")) { error in
            guard case TemplateError.syntax(_, let at) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(at, SourceLocation(line: 1, column: 8))
        }
        XCTAssertThrowsError(try ChatTemplate(source: "{# open comment")) { error in
            XCTAssertTrue("\(error)".contains("1:1"), "\(error)")
        }
    }

    func testRuntimeErrorsNameTheProblem() {
        XCTAssertThrowsError(try render("\n{{ 'a' + 1 }}")) { error in
            guard case TemplateError.runtime(let message, let at) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(at.line, 2)
            XCTAssertTrue(message.contains("str") && message.contains("int"), message)
        }
        XCTAssertThrowsError(try render("{{ missing.attribute }}")) { error in
            XCTAssertEqual(error as? TemplateError, .undefined("missing", at: SourceLocation(line: 1, column: 11)))
        }
        XCTAssertThrowsError(try render("{{ x | nosuchfilter }}")) { error in
            XCTAssertTrue("\(error)".contains("unknown filter 'nosuchfilter'"))
        }
    }

    func testSetInsideLoopDoesNotLeakButNamespaceDoes() throws {
        let source = "{% set x = 1 %}{% set ns = namespace(y=1) %}{% for i in [1, 2] %}{% set x = x + i %}{% set ns.y = ns.y + i %}{% endfor %}{{ x }} {{ ns.y }}"
        XCTAssertEqual(try render(source), "1 4")
    }

    func testTrimAndLstripBlocksRemoveTagLines() throws {
        XCTAssertEqual(try render("a\n    {% if true %}\n    b\n    {% endif %}\nc"), "a\n    b\nc")
        XCTAssertEqual(try render("a\n  {{ 'x' }}\nc"), "a\n  x\nc")
        XCTAssertEqual(try render("a  {%- if true -%}  b  {%- endif %}"), "ab")
    }

    func testTrailingNewlineOfTheSourceIsDropped() throws {
        XCTAssertEqual(try render("text\n"), "text")
        XCTAssertEqual(try render("text\r\nmore\r\n\n"), "text\nmore\n")
    }

    func testExtraVariablesReachTheTemplate() throws {
        let tools: TemplateValue = .array([.object(["name": .string("f"), "n": .int(2)])])
        XCTAssertEqual(try render("{{ tools | tojson }} {{ tools[0].name }}", ["tools": tools]), "[{\"name\": \"f\", \"n\": 2}] f")
    }

    func testHostileTemplatesFailCleanly() {
        XCTAssertThrowsError(try render("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")) { error in
            guard case TemplateError.runtime(let message, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("nest deeper"), message)
        }
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        XCTAssertThrowsError(try ChatTemplate(source: "{{ \(deep) }}")) { error in
            guard case TemplateError.syntax(let message, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("nested too deeply"), message)
        }
        XCTAssertThrowsError(try ChatTemplate(source: "{{ " + String(repeating: "not ", count: 5000) + "x }}"))
        XCTAssertThrowsError(try ChatTemplate(source: String(repeating: "{% if x %}", count: 5000)))
        XCTAssertThrowsError(try render("{{ range(100000000) | length }}"))
    }
}
