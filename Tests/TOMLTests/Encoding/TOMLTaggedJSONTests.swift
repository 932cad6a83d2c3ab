import XCTest
@testable import TOML

final class TOMLTaggedJSONTests: XCTestCase {
    func testScalarsAreTaggedWithTomlTestTypeNames() throws {
        let document = try TOMLDocument(parsing: """
            s = "a\\"b\\u0001"
            i = -42
            f = 0.5
            inf = -inf
            nan = nan
            b = false
            odt = 1979-05-27T07:32:00.6+01:30
            ldt = 1979-05-27t07:32:00
            ld = 1979-05-27
            lt = 07:32:00.25
            """)
        XCTAssertEqual(document.taggedJSON(), #"{"s":{"type":"string","value":"a\"b\u0001"},"#
            + #""i":{"type":"integer","value":"-42"},"f":{"type":"float","value":"0.5"},"#
            + #""inf":{"type":"float","value":"-inf"},"nan":{"type":"float","value":"nan"},"#
            + #""b":{"type":"bool","value":"false"},"#
            + #""odt":{"type":"datetime","value":"1979-05-27T07:32:00.600+01:30"},"#
            + #""ldt":{"type":"datetime-local","value":"1979-05-27T07:32:00"},"#
            + #""ld":{"type":"date-local","value":"1979-05-27"},"#
            + #""lt":{"type":"time-local","value":"07:32:00.250"}}"#)
    }

    func testTablesBecomeObjectsAndArraysArrays() throws {
        let document = try TOMLDocument(parsing: "[[t]]\nx = [[1], []]\n[[t]]\n")
        XCTAssertEqual(document.taggedJSON(), #"{"t":[{"x":[[{"type":"integer","value":"1"}],[]]},{}]}"#)
    }
}
