import XCTest
@testable import Store

final class JSONValueTests: XCTestCase {
    func testParseDistinguishesBooleansIntegersAndNumbers() throws {
        let value = try JSONValue.parse(#"{"b":true,"i":3,"d":0.5,"n":null,"s":"x","a":[1]}"#)
        XCTAssertEqual(value["b"], .bool(true))
        XCTAssertEqual(value["i"], .integer(3))
        XCTAssertEqual(value["d"], .number(0.5))
        XCTAssertEqual(value["n"], .null)
        XCTAssertEqual(value["a"], .array([.integer(1)]))
    }

    func testWritingSortsKeysAndEscapesControlCharacters() {
        let value = JSONValue.object(["z": .string("a\"b\\c\nd\u{1}/é"), "a": .number(0.1), "m": .number(.infinity)])
        XCTAssertEqual(value.jsonText, #"{"a":0.1,"m":null,"z":"a\"b\\c\nd\u0001/é"}"#)
    }

    func testTextRoundTrips() throws {
        let text = #"{"k":[true,false,null,-7,2.5,"t\tab"]}"#
        XCTAssertEqual(try JSONValue.parse(text).jsonText, text)
    }
}
