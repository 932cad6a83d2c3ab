import XCTest
@testable import TOML

/// Parse errors read like a compiler's: position, what was expected, what was found.
final class TOMLErrorTests: XCTestCase {
    func testMissingEqualsNamesWhatWasFound() {
        XCTAssertEqual(parseError("name = \"a\"\nmodel x")?.description,
                       "test.toml:2:7: error: expected '=' after key, found 'x'")
    }

    func testDuplicateKeyNamesBothPositions() throws {
        let error = try XCTUnwrap(parseError("[router]\nmodel = \"a\"\n  model = \"b\"\n"))
        XCTAssertEqual(error, .duplicateKey("router.model",
                                            at: TOMLPosition(file: "test.toml", line: 3, column: 3, offset: 23),
                                            firstDefinedAt: TOMLPosition(file: "test.toml", line: 2, column: 1, offset: 9)))
        XCTAssertEqual(error.description, """
            test.toml:3:3: error: duplicate key 'router.model'
            test.toml:2:1: note: 'router.model' first defined here
            """)
        XCTAssertEqual(error.message, "duplicate key 'router.model' (first defined at 2:1)")
    }

    func testTableDefinedTwicePointsAtBothHeaders() {
        XCTAssertEqual(parseError("[a]\nx = 1\n[b]\n[a]\n")?.description, """
            test.toml:4:1: error: table [a] is defined twice
            test.toml:1:1: note: first defined here
            """)
    }

    func testUnterminatedStringSaysWhereItOpened() {
        XCTAssertEqual(parseError("a = \"abc\nb = 1")?.description,
                       "test.toml:1:9: error: expected '\"' to close the string opened at 1:5 "
                       + "(use \"\"\" for a multi-line string), found newline")
    }

    func testInvalidEscapeListsTheAllowedOnes() {
        XCTAssertEqual(parseError(#"a = "\x41""#)?.message,
                       #"invalid escape '\' followed by 'x'; TOML 1.0 allows \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX"#)
    }

    func testTrailingGarbageAfterValue() {
        XCTAssertEqual(parseError("a = true false")?.description,
                       "test.toml:1:10: error: expected a newline after a key-value pair, found 'false'")
    }

    func testMissingValue() {
        XCTAssertEqual(parseError("a = \n")?.message,
                       "expected a value (string, number, boolean, date-time, array or inline table), found newline")
    }

    func testInvalidNumberExplainsTheRule() {
        XCTAssertEqual(parseError("a = 007")?.description,
                       "test.toml:1:5: error: invalid number '007': leading zeros are not allowed")
        XCTAssertEqual(parseError("a = 1__000")?.message, "invalid number '1__000': '_' must be between two digits")
    }

    func testImpossibleDateNamesTheRange() {
        XCTAssertEqual(parseError("d = 2023-02-29")?.message, "day 29 is out of range (01 to 28) for 2023-02")
    }

    func testControlCharacterIsNamedByCodePoint() {
        XCTAssertEqual(parseError("a = \"x\u{7}\"")?.message, "control character U+0007 is not allowed in a string")
    }

    func testErrorWithoutFileNameUsesInputPlaceholder() {
        XCTAssertEqual(parseError("=", file: nil)?.description, "<input>:1:1: error: expected a key, found '='")
    }

    func testNonASCIICharactersAreShownWithTheirCodePoint() {
        XCTAssertEqual(parseError("key\u{3000}= 1")?.description,
                       "test.toml:1:4: error: expected '=' after key, found '\u{3000}' (U+3000)")
    }

    func testUnclosedHeaderAndArraySayWhatIsMissing() {
        XCTAssertEqual(parseError("[router")?.message, "expected ']' to close the table header, found end of file")
        XCTAssertEqual(parseError("x = [1 2]")?.description,
                       "test.toml:1:8: error: expected ',' or ']' after an array element (array opened at 1:5), found '2'")
        XCTAssertEqual(parseError("n = 0x")?.message, "invalid number '0x': the hexadecimal integer has no digits")
    }
}
