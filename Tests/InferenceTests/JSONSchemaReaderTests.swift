import Foundation
import XCTest
@testable import Inference

/// Schemas outside the subset, or malformed, are errors that name the JSON pointer.
final class JSONSchemaReaderTests: XCTestCase {
    private func assertError(_ json: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try JSONSchema(json: json), file: file, line: line) { error in
            XCTAssertTrue(error is ConstraintError, "\(type(of: error))", file: file, line: line)
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }

    func testUnsupportedKeywordsAreNamedWithTheirPointer() {
        assertError(#"{"type":"object","properties":{"priority":{"type":"string","pattern":"^P[0-4]$"}}}"#,
                    "#/properties/priority/pattern: keyword 'pattern' is not supported (regular expressions cannot be enforced while generating; use 'enum' or 'maxLength')")
        assertError(##"{"type":"array","items":{"$ref":"#/$defs/x"}}"##,
                    "#/items/$ref: keyword '$ref' is not supported (write the referenced schema in place)")
        assertError(#"{"type":"object","properties":{"a/b":{"type":"string","format":"date"}}}"#,
                    "#/properties/a~1b/format: keyword 'format' is not supported (formats are not enforced; use 'pattern'-free strings or 'enum')")
        assertError(#"{"type":"string","maxLenght":3}"#, "#/maxLenght: keyword 'maxLenght' is not supported (unknown keyword)")
        assertError(#"{"type":"object","additionalProperties":true}"#,
                    "#/additionalProperties: keyword 'additionalProperties' is not supported (generation writes declared properties only; set it to false or leave it out)")
        assertError(#"{"type":"array","items":[{"type":"string"}]}"#,
                    "#/items: keyword 'items' is not supported (a list of item schemas (tuples) is not supported)")
    }

    func testMalformedAndUnsatisfiableSchemas() {
        XCTAssertThrowsError(try JSONSchema(json: "{\"type\":")) { error in
            XCTAssertTrue("\(error)".hasPrefix("#: the schema is not valid JSON"), "\(error)")
        }
        assertError(#"{"properties":{}}"#, "#: a schema needs 'type', 'enum', 'const' or 'anyOf'")
        assertError(#"{"type":"text"}"#, "#/type: unknown type 'text'; expected one of object, array, string, number, integer, boolean, null")
        assertError(#"{"type":"object","properties":{"a":{"type":"string"}},"required":["a","b"]}"#,
                    "#/required/1: required property 'b' is not declared in 'properties' (undeclared properties are never generated)")
        assertError(#"{"type":"string","minLength":5,"maxLength":2}"#, "#/maxLength: 'maxLength' 2 is less than 'minLength' 5")
        assertError(#"{"type":"string","maxLength":-1}"#, "#/maxLength: 'maxLength' must be a non-negative integer")
        assertError(#"{"type":"integer","minimum":1.5,"maximum":1.9}"#, "#: no integer lies within the bounds")
        assertError(#"{"type":"number","exclusiveMinimum":2,"maximum":2}"#, "#: no number lies within the bounds")
        assertError(#"{"type":"integer","maxLength":3}"#, "#/maxLength: 'maxLength' does not apply to type integer")
        assertError(#"{"type":"array"}"#, "#: an array needs 'items' (the schema of its elements)")
        assertError(#"{"enum":[]}"#, "#/enum: 'enum' must be a non-empty list of values")
        assertError(#"{"type":"string","enum":["a",3]}"#, "#/enum/1: value 3 is not of type string")
        assertError(#"{"enum":["a"],"maxLength":3}"#, "#/maxLength: 'maxLength' cannot be combined with 'enum'; list only allowed values")
        assertError(#"{"type":"object","properties":{"x":{"anyOf":[{"type":"string"}],"type":"string"}}}"#,
                    "#/properties/x/type: 'type' cannot be combined with 'anyOf'; put it inside each alternative")
        assertError(#"{"type":"object","properties":{"x":true}}"#, "#/properties/x: boolean schemas are not supported; write an object schema")
    }

    func testDictionaryInputKeepsBooleansApartFromNumbers() throws {
        // JSONSerialization's true and 1 are both NSNumber on Linux; the enum must keep them apart.
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(#"{"enum":[true,1,1.5,"1",null]}"#.utf8)) as? [String: Any])
        XCTAssertEqual(try JSONSchema(document).kind, .literals(["true", "1", "1.5", "\"1\"", "null"]))
        let swift: [String: Any] = ["type": "object", "properties": ["ok": ["type": "boolean"], "n": ["const": 2]], "required": ["ok"]]
        let schema = try JSONSchema(swift)
        XCTAssertEqual(schema.kind, .object(properties: [
            .init(name: "n", schema: JSONSchema(kind: .literals(["2"]), pointer: "#/properties/n")),
            .init(name: "ok", schema: JSONSchema(kind: .boolean, pointer: "#/properties/ok")),
        ], required: ["ok"]))
    }

    func testTypeListsBecomeAlternatives() throws {
        let schema = try JSONSchema(json: #"{"type":["string","null"],"maxLength":4}"#)
        XCTAssertEqual(schema.kind, .anyOf([
            JSONSchema(kind: .string(minLength: 0, maxLength: 4)),
            JSONSchema(kind: .literals(["null"])),
        ]))
    }
}
