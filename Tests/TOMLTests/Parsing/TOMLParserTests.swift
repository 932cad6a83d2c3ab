import XCTest
@testable import TOML

/// TOML's rules on tables, arrays of tables and dotted keys.
final class TOMLParserTests: XCTestCase {
    private func json(_ text: String) throws -> String {
        try TOMLDocument(parsing: text).taggedJSON()
    }

    func testHeadersCreateImplicitParentsThatMayBeDefinedLater() throws {
        let document = try TOMLDocument(parsing: "[x.y.z]\na = 1\n[x]\nb = 2")
        XCTAssertEqual(document.value(atPath: "x.y.z.a")?.integer, 1)
        XCTAssertEqual(document.value(atPath: "x.b")?.integer, 2)
        XCTAssertEqual(try document.root.table("x").position.line, 3, "the header that defines it, not the implicit use")
    }

    func testArraysOfTablesAndTheirSubTables() throws {
        let document = try TOMLDocument(parsing: """
            [[fruits]]
            name = "apple"
            [fruits.physical]
            color = "red"
            [[fruits.varieties]]
            name = "red delicious"
            [[fruits]]
            name = "banana"
            """)
        let fruits = try document.root.array("fruits")
        XCTAssertEqual(fruits.count, 2)
        XCTAssertEqual(fruits[0].table?.value(atPath: "physical.color")?.string, "red")
        XCTAssertEqual(try fruits[0].table?.array("varieties").count, 1)
        XCTAssertEqual(fruits[1].table?["name"]?.string, "banana")
        XCTAssertEqual(fruits[1].position.line, 7)
    }

    func testDottedKeysMayExtendTheirOwnTablesAndSubTablesMayHaveHeaders() throws {
        let document = try TOMLDocument(parsing: """
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true
            [fruit.apple.texture]
            smooth = true
            """)
        XCTAssertEqual(document.value(atPath: "fruit.apple.taste.sweet")?.bool, true)
        XCTAssertEqual(document.value(atPath: "fruit.apple.texture.smooth")?.bool, true)
    }

    func testRedefinitionsAreRejected() {
        let cases: [(String, String)] = [
            ("[a]\n[a]", "table [a] is defined twice"),
            ("[a]\nb.c = 1\n[a.b]", "table [a.b] was already defined with dotted keys; it cannot also have a header"),
            ("[a.b]\nx = 1\n[a]\nb.y = 2", "cannot add keys to table [a.b] with dotted keys outside its own section"),
            ("a = 1\n[a]", "cannot define table [a]: 'a' is already an integer"),
            ("a = {}\n[a.b]", "cannot define [a.b]: 'a' is already an inline table, which cannot be extended"),
            ("a = {x = 1}\na.y = 2", "cannot use 'a' as a table: it is already an inline table, which cannot be extended"),
            ("a = []\n[[a]]", "cannot define array of tables [[a]]: 'a' is already an array written with [ ], which cannot be extended by [[a]]"),
            ("[a]\n[[a]]", "cannot define array of tables [[a]]: 'a' is already a table"),
            ("[[a]]\n[a]", "[a] is an array of tables; write [[a]] to add an element"),
            ("[[a.b]]\n[a]\nb.y = 2", "cannot add keys to array of tables 'a.b' with dotted keys"),
            ("a.b = 1\na.b.c = 2", "cannot use 'a.b' as a table: it is already an integer"),
            ("x = {a = 1, a = 2}", "duplicate key 'x.a'"),
        ]
        for (document, expected) in cases {
            guard let error = parseError(document) else { continue }
            switch error {
            case .conflictingDefinition(let message, _, _):
                XCTAssertEqual(message, expected, document)
            case .duplicateKey(let key, _, _):
                XCTAssertEqual("duplicate key '\(key)'", expected, document)
            default:
                XCTFail("\(document): \(error)")
            }
        }
    }

    func testInlineTablesAndArraysNestAndKeepOrder() throws {
        XCTAssertEqual(try json("p = { x = 1, y.z = [1, 'two', { w = true }] }"),
                       #"{"p":{"x":{"type":"integer","value":"1"},"y":{"z":[{"type":"integer","value":"1"},"#
                       + #"{"type":"string","value":"two"},{"w":{"type":"bool","value":"true"}}]}}}"#)
    }

    func testArraysSpanLinesWithCommentsAndTrailingComma() throws {
        let document = try TOMLDocument(parsing: "a = [\n  1, # one\n  # alone\n  2,\n]\n")
        XCTAssertEqual(document["a"]?.array?.compactMap(\.integer), [1, 2])
    }

    func testInlineTablesStayOnOneLineWithoutTrailingComma() {
        XCTAssertNotNil(parseError("a = { b = 1,\n c = 2 }"))
        XCTAssertEqual(parseError("a = { b = 1, }")?.message,
                       "expected a key after ',' (TOML 1.0 inline tables have no trailing comma), found '}'")
    }

    func testBareKeysThatLookLikeNumbersOrDates() throws {
        let document = try TOMLDocument(parsing: "1234 = 1\n3.14 = 2\n2001-01-01 = 3\ntrue = 4")
        XCTAssertEqual(document.value(at: ["3", "14"])?.integer, 2)
        XCTAssertEqual(document["2001-01-01"]?.integer, 3)
        XCTAssertEqual(document["true"]?.integer, 4)
    }

    func testDateAndSpaceAndTimeIsOneValueButDateAndCommentIsNot() throws {
        let document = try TOMLDocument(parsing: "a = 1979-05-27 07:32:00Z\nb = 1979-05-27 # date\nc = [1979-05-27 ,1]")
        XCTAssertEqual(document["a"]?.typeDescription, "an offset date-time")
        XCTAssertEqual(document["b"]?.typeDescription, "a local date")
        XCTAssertEqual(document["c"]?.array?.count, 2)
    }
}
