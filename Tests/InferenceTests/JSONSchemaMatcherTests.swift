import XCTest
@testable import Inference

/// The JSON automaton byte by byte: what it accepts, what it refuses, and where.
final class JSONSchemaMatcherTests: XCTestCase {
    private func schema(_ json: String, file: StaticString = #filePath, line: UInt = #line) throws -> JSONSchema {
        try JSONSchema(json: json)
    }

    private func assertAccepts(_ schema: JSONSchema, _ texts: [String], file: StaticString = #filePath, line: UInt = #line) {
        for text in texts {
            var matcher = JSONSchemaMatcher(schema: schema)
            XCTAssertTrue(matcher.feed(text.utf8), "rejected \(text) at byte \(matcher.offset)", file: file, line: line)
            XCTAssertTrue(matcher.isComplete, "incomplete: \(text)", file: file, line: line)
        }
    }

    /// Texts rejected at a byte (offset given) or, with offset nil, accepted but incomplete.
    private func assertRejects(_ schema: JSONSchema, _ cases: [(String, Int?)], file: StaticString = #filePath, line: UInt = #line) {
        for (text, offset) in cases {
            var matcher = JSONSchemaMatcher(schema: schema)
            let fed = matcher.feed(text.utf8)
            if let offset {
                XCTAssertFalse(fed, "accepted \(text)", file: file, line: line)
                XCTAssertEqual(matcher.offset, offset, "rejected \(text) at the wrong byte", file: file, line: line)
            } else {
                XCTAssertTrue(fed, "rejected \(text) at byte \(matcher.offset)", file: file, line: line)
                XCTAssertFalse(matcher.isComplete, "complete: \(text)", file: file, line: line)
            }
        }
    }

    static let ticket = """
        {"type":"object","properties":{"category":{"enum":["billing","technical"]},"urgent":{"type":"boolean"},
         "summary":{"type":"string","maxLength":80}},"required":["category","urgent","summary"]}
        """

    func testObjectAcceptsDeclaredKeysInAnyOrderWithWhitespace() throws {
        let schema = try schema(Self.ticket)
        assertAccepts(schema, [
            #"{"category":"billing","urgent":true,"summary":"Refund"}"#,
            #"{"summary": "x", "urgent": false, "category": "technical"}"#,
            "{\n  \"urgent\" : true ,\n  \"category\":\"billing\",\"summary\":\"\"\n}",
        ])
    }

    func testObjectRejectsMissingRequiredUnknownAndRepeatedKeys() throws {
        let schema = try schema(Self.ticket)
        assertRejects(schema, [
            (#"{"category":"billing","urgent":true}"#, 35),              // '}' before summary
            (#"{"category":"billing","colour":1}"#, 23),                 // undeclared key
            (#"{"urgent":true,"urgent":false}"#, 16),                     // repeated key: "u" leads only to "urgent"
            (#"{"category":"shipping"}"#, 13),                            // not in the enum
            (#"{"urgent":1}"#, 10),                                       // not a boolean
            (#"{"category":"billing","urgent":true,"summary":"x"} "#, 50), // nothing after the value
            (#"{"category":"billing","#, nil),
        ])
    }

    func testWhitespaceIsBoundedPerGap() throws {
        let schema = try schema(#"{"type":"array","items":{"type":"integer"}}"#)
        var matcher = JSONSchemaMatcher(schema: schema, maxWhitespace: 4)
        XCTAssertTrue(matcher.feed("[    1,    2".utf8))
        XCTAssertFalse(matcher.feed("     ".utf8))
        XCTAssertEqual(matcher.offset, 16)
        // One line break per gap: pretty-printing, not blank lines.
        var pretty = JSONSchemaMatcher(schema: schema)
        XCTAssertTrue(pretty.feed("[\n  1,\n  2\n]".utf8))
        XCTAssertTrue(pretty.isComplete)
        var blank = JSONSchemaMatcher(schema: schema)
        XCTAssertFalse(blank.feed("[1,\n\n2]".utf8))
        XCTAssertEqual(blank.offset, 4)
    }

    func testStringEscapesAndUnicode() throws {
        let schema = try schema(#"{"type":"string"}"#)
        assertAccepts(schema, [
            #""plain""#, #""quote \" backslash \\ slash \/ \b\f\n\r\t""#, #""\u00e9\u20AC""#,
            #""\ud83d\ude00 pair""#, "\"é € 😀 ünïcödé\"", "\"\u{7F}\"",
        ])
        assertRejects(schema, [
            ("\"tab\there\"", 4),            // raw control character
            (#""\x""#, 2),                    // unknown escape
            (#""\u12G4""#, 5),                // not hex
            (#""\udc00""#, 4),                // low surrogate without a high one
            (#""\ud800x""#, 7),               // high surrogate not followed by a low one
            (#""\ud800\u0041""#, 9),          // ... nor by another escape
            ("\"\u{00}\"", 1),
            ("\"a", nil),
        ])
        // Invalid UTF-8: overlong, surrogate-encoded, past U+10FFFF, stray continuation.
        for bytes: [UInt8] in [[0x22, 0xC0, 0x80], [0x22, 0xED, 0xA0, 0x80], [0x22, 0xF4, 0x90, 0x80, 0x80], [0x22, 0x80], [0x22, 0xE2, 0x22]] {
            var matcher = JSONSchemaMatcher(schema: schema)
            XCTAssertFalse(matcher.feed(bytes), "accepted \(bytes)")
        }
    }

    func testStringLengthCountsCharactersNotBytes() throws {
        let schema = try schema(#"{"type":"string","minLength":2,"maxLength":3}"#)
        assertAccepts(schema, [#""ab""#, #""éé€""#, #""\n\u00e9\ud83d\ude00""#])
        assertRejects(schema, [(#""a""#, 2), (#""abcd""#, 4), ("\"😀😀😀😀\"", 13)])
    }

    func testNumbersWithFractionsAndExponents() throws {
        let schema = try schema(#"{"type":"array","items":{"type":"number"}}"#)
        assertAccepts(schema, ["[0,-0,12,-3.25,1e5,1E+5,2.5e-3,0.0001,123456789]", "[]"])
        assertRejects(schema, [("[01]", 2), ("[1.]", 3), ("[.5]", 1), ("[1e]", 3), ("[+1]", 1), ("[--1]", 2), ("[1e999]", 5), ("[1.5", nil)])
    }

    func testTopLevelNumberIsCompleteWhereItCouldEnd() throws {
        let schema = try schema(#"{"type":"number"}"#)
        var matcher = JSONSchemaMatcher(schema: schema)
        XCTAssertTrue(matcher.feed("12".utf8))
        XCTAssertTrue(matcher.isComplete)
        XCTAssertTrue(matcher.feed(".5".utf8))
        XCTAssertTrue(matcher.isComplete)
        XCTAssertTrue(matcher.feed("e".utf8))
        XCTAssertFalse(matcher.isComplete)
    }

    func testIntegerBoundsAreCheckedOnEveryPrefix() throws {
        let scale = try schema(#"{"type":"integer","minimum":1,"maximum":5}"#)
        assertAccepts(scale, ["1", "3", "5"])
        assertRejects(scale, [("0", 0), ("6", 0), ("-1", 0), ("12", 1), ("1.0", 1)])
        let range = try schema(#"{"type":"integer","minimum":-20,"exclusiveMaximum":150}"#)
        assertAccepts(range, ["-20", "-3", "0", "9", "149", "14"])
        // "-3" can still become -30 only if allowed: -2 can end, -21 cannot; "15" can become 150 only if allowed.
        assertRejects(range, [("-21", 2), ("150", 2), ("-0", 1), ("1500", 2), ("200", 2)])
    }

    func testNumberBoundsWithFractions() throws {
        let schema = try schema(#"{"type":"number","minimum":0.5,"maximum":2.25}"#)
        assertAccepts(schema, ["0.5", "1", "2.25", "2.2", "0.75"])
        assertRejects(schema, [("0.4", 2), ("2.3", 2), ("3", 0), ("-1", 0), ("1e1", 1), ("0", nil)])
        let fraction = try self.schema(#"{"type":"number","minimum":0,"maximum":1}"#)
        assertAccepts(fraction, ["0", "0.5", "1", "1.0"])
        assertRejects(fraction, [("-0", 0), ("1.5", 2), ("2", 0)])
    }

    func testNestedObjectsAndArraysWithItemCounts() throws {
        let schema = try schema("""
            {"type":"object","properties":{
              "tags":{"type":"array","items":{"type":"string","maxLength":5},"minItems":1,"maxItems":2},
              "owner":{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":["string","null"]}},"required":["id"]}},
             "required":["tags"]}
            """)
        assertAccepts(schema, [
            #"{"tags":["a"]}"#, #"{"owner":{"id":7,"name":null},"tags":["a","bcdef"]}"#, #"{"tags":[ "x" , "y" ],"owner":{"name":"Ann","id":-1}}"#,
        ])
        assertRejects(schema, [
            (#"{"tags":[]}"#, 9), (#"{"tags":["a","b","c"]}"#, 16), (#"{"tags":["abcdef"]}"#, 15),
            (#"{"tags":["a"],"owner":{"name":"x"}}"#, 33), (#"{"owner":{"id":1.5}}"#, 16),
        ])
    }

    func testAnyOfDispatchesOnTheFirstByte() throws {
        XCTAssertThrowsError(try JSONSchema(json: #"{"anyOf":[{"type":"integer"},{"type":"string"},{"const":"n/a"}]}"#)) { error in
            XCTAssertEqual("\(error)", "#: alternatives at #/anyOf/1 and #/anyOf/2 can both start with '\"'; "
                + "alternatives must differ in kind (object, array, string, number, or literal values)")
        }
        let choices = try self.schema(#"{"anyOf":[{"type":"integer"},{"type":"array","items":{"type":"boolean"}},{"enum":[true,"yes"]},{"type":"null"}]}"#)
        assertAccepts(choices, ["12", "[true,false]", "true", "\"yes\"", "null"])
        assertRejects(choices, [("false", 0), ("\"no\"", 1)])
        XCTAssertThrowsError(try JSONSchema(json: #"{"anyOf":[{"type":"integer"},{"type":"number"}]}"#)) // both start with digits
    }

    func testEnumOfStructuredValuesUsesCompactSpelling() throws {
        let schema = try schema(#"{"enum":[{"b":1,"a":[true,null]}, 2.5, "x\"y"]}"#)
        assertAccepts(schema, [#"{"a":[true,null],"b":1}"#, "2.5", #""x\"y""#])
        assertRejects(schema, [(#"{"b":1"#, 2), ("2.50", 3)])
    }
}
