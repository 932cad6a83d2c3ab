import XCTest
@testable import TOML

final class TOMLPositionTests: XCTestCase {
    func testKeysAndValuesKeepLineAndColumn() throws {
        let document = try TOMLDocument(parsing: """
            # comment
            name = "support"

            [router]
              min_confidence = 0.7
            """, file: "swarms/x.toml")
        let name = try XCTUnwrap(document.root.entry("name"))
        XCTAssertEqual(name.keyPosition, TOMLPosition(file: "swarms/x.toml", line: 2, column: 1, offset: 10))
        XCTAssertEqual(name.value.position.line, 2)
        XCTAssertEqual(name.value.position.column, 8)
        let router = try document.root.table("router")
        XCTAssertEqual(router.position.line, 4)
        XCTAssertEqual(router.position.column, 1)
        let threshold = try XCTUnwrap(router.entry("min_confidence"))
        XCTAssertEqual(threshold.keyPosition.lineAndColumn, "5:3")
        XCTAssertEqual(threshold.value.position.lineAndColumn, "5:20")
    }

    func testColumnsCountUnicodeScalarsNotBytes() throws {
        let document = try TOMLDocument(parsing: "\"ключ\" = 1\nemoji = \"🐝\" # bee\nz = 2")
        // The key is 6 scalars ("ключ" in quotes) but 10 bytes: the value is scalar 10, byte 13.
        XCTAssertEqual(document["ключ"]?.position.column, 10)
        XCTAssertEqual(document["ключ"]?.position.offset, 13)
        XCTAssertEqual(document["z"]?.position.lineAndColumn, "3:5")
    }

    func testLinesAdvanceThroughMultilineStringsAndCRLF() throws {
        let document = try TOMLDocument(parsing: "a = \"\"\"\r\none\r\ntwo\"\"\"\r\nb = '''\nx\n'''\r\nc = [\n  1,\n  2 ]\nd = 4")
        XCTAssertEqual(document["b"]?.position.lineAndColumn, "4:5")
        XCTAssertEqual(document["c"]?.array?[1].position.lineAndColumn, "9:3")
        XCTAssertEqual(document["d"]?.position.lineAndColumn, "10:5")
    }

    func testDottedKeysAndArrayElementsHaveTheirOwnPositions() throws {
        let document = try TOMLDocument(parsing: "servers.alpha.ip = \"10.0.0.1\"\nports = [ 80, 443 ]")
        let servers = try document.root.table("servers")
        XCTAssertEqual(document.root.entry("servers")?.keyPosition.column, 1)
        XCTAssertEqual(servers.entry("alpha")?.keyPosition.column, 9)
        XCTAssertEqual(try servers.table("alpha").entry("ip")?.keyPosition.column, 15)
        XCTAssertEqual(document["ports"]?.array?.map(\.position.column), [11, 15])
    }

    func testByteOrderMarkIsNotAColumn() throws {
        let document = try TOMLDocument(parsing: [0xEF, 0xBB, 0xBF] + Array("a = 1".utf8))
        XCTAssertEqual(document["a"]?.position.lineAndColumn, "1:5")
    }

    func testDiagnosticUsesCompilerFormat() {
        let position = TOMLPosition(file: "swarms/x.toml", line: 12, column: 5, offset: 200)
        XCTAssertEqual(position.diagnostic("router.min_confidence must be between 0 and 1"),
                       "swarms/x.toml:12:5: error: router.min_confidence must be between 0 and 1")
        XCTAssertEqual(TOMLPosition(file: nil, line: 1, column: 2, offset: 1).description, "<input>:1:2")
    }

    func testValueErrorReportsAtTheValue() throws {
        let document = try TOMLDocument(parsing: "[router]\nmin_confidence = 1.5\n", file: "swarms/x.toml")
        let value = try XCTUnwrap(document.value(atPath: "router.min_confidence"))
        let error = value.error("router.min_confidence must be between 0 and 1")
        XCTAssertEqual(error.description, "swarms/x.toml:2:18: error: router.min_confidence must be between 0 and 1")
    }
}
