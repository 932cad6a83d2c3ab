import XCTest
@testable import Store

/// Every CSV cell Apiary writes: RFC 4180 quoting, and formulas (CSV injection) escaped as
/// OWASP recommends — a leading single quote inside a quoted cell.
final class CSVFieldTests: XCTestCase {
    func testFieldsAreQuotedPerRFC4180() {
        XCTAssertEqual(CSVField.escape("plain"), "plain")
        XCTAssertEqual(CSVField.escape("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVField.escape("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVField.escape("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(CSVField.escape("crlf\r\nend"), "\"crlf\r\nend\"")
        XCTAssertEqual(CSVField.escape(""), "")
    }

    func testFormulaCellsGetAQuotePrefixAndQuotes() {
        XCTAssertEqual(CSVField.escape("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        XCTAssertEqual(CSVField.escape("+1+cmd|' /C calc'!A0"), "\"'+1+cmd|' /C calc'!A0\"")
        XCTAssertEqual(CSVField.escape("-2+3"), "\"'-2+3\"")
        XCTAssertEqual(CSVField.escape("@SUM(A1)"), "\"'@SUM(A1)\"")
        XCTAssertEqual(CSVField.escape("\t=1"), "\"'\t=1\"")
        XCTAssertEqual(CSVField.escape("\r=1"), "\"'\r=1\"")
        XCTAssertEqual(CSVField.escape("-inf"), "\"'-inf\"", "not a plain number, though Double reads it")
        XCTAssertEqual(CSVField.escape("-0x1p3"), "\"'-0x1p3\"")
    }

    func testPlainNumbersAndOrdinaryTextAreUnchanged() {
        XCTAssertEqual(CSVField.escape("-0.5"), "-0.5")
        XCTAssertEqual(CSVField.escape("-1e-3"), "-1e-3")
        XCTAssertEqual(CSVField.escape("+7"), "+7")
        XCTAssertEqual(CSVField.escape("0.42"), "0.42")
        XCTAssertEqual(CSVField.escape("a = b"), "a = b")
        XCTAssertEqual(CSVField.escape("mail me @ home"), "mail me @ home")
    }
}
