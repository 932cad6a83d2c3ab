import XCTest
@testable import TOML

final class TOMLScannerStringTests: XCTestCase {
    private func value(_ toml: String) throws -> String? {
        try TOMLDocument(parsing: "v = " + toml)["v"]?.string
    }

    func testBasicStringEscapes() throws {
        XCTAssertEqual(try value(#""tab\there \"q\" \\ \u00E9 \U0001F41D \b\f\r\n""#),
                       "tab\there \"q\" \\ é 🐝 \u{8}\u{C}\r\n")
        XCTAssertEqual(try value(#""plain""#), "plain")
        XCTAssertEqual(try value(#""""#), "")
    }

    func testEscapesMustBeUnicodeScalars() {
        XCTAssertNotNil(parseError(#"v = "\uD800""#))
        XCTAssertNotNil(parseError(#"v = "\U00110000""#))
        XCTAssertNotNil(parseError(#"v = "\u12""#))
        XCTAssertNotNil(parseError(#"v = "\e""#), "\\e is TOML 1.1")
    }

    func testMultilineBasicStringTrimsFirstNewlineAndLineEndingBackslash() throws {
        XCTAssertEqual(try value("\"\"\"\nfirst\nsecond\"\"\""), "first\nsecond")
        XCTAssertEqual(try value("\"\"\"The quick \\\n\n    brown \\   \r\n  fox.\"\"\""), "The quick brown fox.")
        XCTAssertEqual(try value("\"\"\"a\r\nb\"\"\""), "a\nb", "CRLF is stored as LF")
        XCTAssertNotNil(parseError("v = \"\"\"a \\  b\"\"\""), "whitespace after a backslash must end the line")
    }

    func testMultilineStringsAllowUpToTwoQuotesBeforeTheDelimiter() throws {
        XCTAssertEqual(try value(#""""a""""""#), "a\"\"")
        XCTAssertEqual(try value(#"''''a'''''"#), "'a''")
        XCTAssertNotNil(parseError("v = \"\"\"a\"\"\"\"\"\""), "six quotes: one too many")
        XCTAssertNotNil(parseError(#"v = '''a''''''"#))
    }

    func testLiteralStringsAreTakenAsWritten() throws {
        XCTAssertEqual(try value(#"'C:\Users\nodejs\templates'"#), #"C:\Users\nodejs\templates"#)
        XCTAssertEqual(try value("'''\nline one\n  \\n two'''"), "line one\n  \\n two")
        XCTAssertNotNil(parseError("v = 'a\nb'"))
    }

    func testControlCharactersAreRejectedButTabIsAllowed() throws {
        XCTAssertEqual(try value("\"a\tb\""), "a\tb")
        for control in ["\u{0}", "\u{8}", "\u{1F}", "\u{7F}"] {
            XCTAssertNotNil(parseError("v = \"\(control)\""))
            XCTAssertNotNil(parseError("v = '\(control)'"))
            XCTAssertNotNil(parseError("v = \"\"\"\(control)\"\"\""))
            XCTAssertNotNil(parseError("v = '''\(control)'''"))
            XCTAssertNotNil(parseError("v = 1 # \(control)"))
        }
        XCTAssertNotNil(parseError("v = '''a\rb'''"), "a bare carriage return is not a newline")
    }

    func testQuotedKeysButNotMultilineKeys() throws {
        let document = try TOMLDocument(parsing: "\"a.b\" = 1\n'c d' = 2\n\"\" = 3")
        XCTAssertEqual(document.root.keys, ["a.b", "c d", ""])
        XCTAssertNotNil(parseError("\"\"\"k\"\"\" = 1"))
    }
}
