import Foundation
import XCTest
@testable import Store

/// Text is stored byte for byte: a NUL inside a string is data, not the end of it.
final class DatabaseTextTests: XCTestCase {
    func testTextWithNULBytesRoundTripsExactly() throws {
        let database = try Database(path: ":memory:")
        try database.execute("CREATE TABLE t (value TEXT NOT NULL)")
        let values = ["a\u{0}b", "\u{0}", "\u{0}\u{0}end", "", "tail\u{0}", "é\u{0}🐝"]
        for value in values { try database.execute("INSERT INTO t (value) VALUES (?)", value) }
        let stored = try database.query("SELECT value, length(CAST(value AS BLOB)) AS bytes FROM t ORDER BY rowid")
        XCTAssertEqual(try stored.map { try $0.get("value", as: String.self) }, values)
        XCTAssertEqual(try stored.map { try $0.get("bytes", as: Int64.self) }, values.map { Int64($0.utf8.count) })
    }

    func testEmptyTextIsTextNotNull() throws {
        let database = try Database(path: ":memory:")
        let row = try database.queryOne("SELECT typeof(?) AS kind", "")
        XCTAssertEqual(try row?.get("kind", as: String.self), "text")
    }
}
