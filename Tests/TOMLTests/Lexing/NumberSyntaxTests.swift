import XCTest
@testable import TOML

final class NumberSyntaxTests: XCTestCase {
    private func kind(_ token: String) -> TOMLValue.Kind? {
        var token = token
        return token.withUTF8 { try? NumberSyntax.parse($0).get() }
    }

    func testIntegersInEveryBase() {
        XCTAssertEqual(kind("+99"), .integer(99))
        XCTAssertEqual(kind("-17"), .integer(-17))
        XCTAssertEqual(kind("1_000_000"), .integer(1_000_000))
        XCTAssertEqual(kind("0xDEAD_beef"), .integer(0xDEAD_BEEF))
        XCTAssertEqual(kind("0o755"), .integer(0o755))
        XCTAssertEqual(kind("0b1101_0110"), .integer(0b1101_0110))
        XCTAssertEqual(kind("-0"), .integer(0))
    }

    func testIntegerRangeIsExactlyInt64() {
        XCTAssertEqual(kind("9223372036854775807"), .integer(.max))
        XCTAssertEqual(kind("-9223372036854775808"), .integer(.min))
        XCTAssertEqual(kind("0x7FFFFFFFFFFFFFFF"), .integer(.max))
        XCTAssertNil(kind("9223372036854775808"))
        XCTAssertNil(kind("-9223372036854775809"))
        XCTAssertNil(kind("0x8000000000000000"))
        XCTAssertNil(kind("0b1" + String(repeating: "0", count: 64)))
        XCTAssertNil(kind(String(repeating: "9", count: 400)))
    }

    func testIntegerSyntaxErrors() {
        for bad in ["01", "+01", "1__2", "_1", "1_", "0X1F", "+0x1F", "-0o7", "0x", "0o8", "0b2", "0x_1", "1-2", "+", "--1"] {
            XCTAssertNil(kind(bad), bad)
        }
    }

    func testFloats() {
        XCTAssertEqual(kind("3.1415"), .float(3.1415))
        XCTAssertEqual(kind("-0.01"), .float(-0.01))
        XCTAssertEqual(kind("5e+22"), .float(5e22))
        XCTAssertEqual(kind("1e06"), .float(1e6))
        XCTAssertEqual(kind("-2E-2"), .float(-2e-2))
        XCTAssertEqual(kind("6.626e-34"), .float(6.626e-34))
        XCTAssertEqual(kind("224_617.445_991_228"), .float(224_617.445_991_228))
        XCTAssertEqual(kind("1e1_0"), .float(1e10))
        XCTAssertEqual(kind("+inf"), .float(.infinity))
        XCTAssertEqual(kind("-inf"), .float(-.infinity))
        guard case .float(let nan)? = kind("-nan") else { return XCTFail("-nan is a float") }
        XCTAssertTrue(nan.isNaN)
    }

    func testFloatSyntaxErrorsAndOverflow() {
        for bad in [".7", "7.", "3.e+20", "1e", "1e+", "01.5", "1_.5", "1._5", "1e_5", "1e5_", "1.5.5", "1e5e5",
                    "Inf", "NaN", "infinity", "in_f", "1e400", "-1e400"] {
            XCTAssertNil(kind(bad), bad)
        }
        XCTAssertEqual(kind("1e-400"), .float(0), "underflow rounds to zero like strtod")
    }
}
