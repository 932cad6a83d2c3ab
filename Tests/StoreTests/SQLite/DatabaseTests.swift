import CSQLite
import Foundation
import XCTest
@testable import Store

final class DatabaseTests: XCTestCase {
    private func openFresh() throws -> (Database, String) {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("test.db").path
        return (try Database(path: path), path)
    }

    func testNewDatabaseFileIsCreatedWithMode0600() throws {
        let (database, path) = try openFresh()
        try database.execute("CREATE TABLE t (x)")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)
    }

    func testJournalModeFollowsTheLinkedLibraryVersion() throws {
        let (database, _) = try openFresh()
        let expected = JournalMode.preferred(forLibraryVersion: Database.libraryVersionNumber)
        XCTAssertEqual(database.journalMode, expected)
        let reported = try database.queryOne("PRAGMA journal_mode")?.get(at: 0, as: String.self)
        XCTAssertEqual(reported, expected.rawValue)
    }

    func testForeignKeysAndFullSynchronousAreOn() throws {
        let (database, _) = try openFresh()
        XCTAssertEqual(try database.queryOne("PRAGMA foreign_keys")?.get(at: 0, as: Int.self), 1)
        XCTAssertEqual(try database.queryOne("PRAGMA synchronous")?.get(at: 0, as: Int.self), 2)
        try database.executeScript("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent(id));
            """)
        XCTAssertThrowsError(try database.execute("INSERT INTO child VALUES (42)")) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, SQLITE_CONSTRAINT)
        }
    }

    func testTypedBindingsRoundTrip() throws {
        let (database, _) = try openFresh()
        try database.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        let nothing: String? = nil
        try database.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                             Int64.max, 0.25, "héllo \u{1F41D}", Data([0, 1, 255]), nothing)
        let row = try XCTUnwrap(try database.queryOne("SELECT * FROM t"))
        XCTAssertEqual(try row.get("i", as: Int64.self), Int64.max)
        XCTAssertEqual(try row.get("r", as: Double.self), 0.25)
        XCTAssertEqual(try row.get("s", as: String.self), "héllo \u{1F41D}")
        XCTAssertEqual(try row.get("b", as: Data.self), Data([0, 1, 255]))
        XCTAssertEqual(try row.get("n", as: String?.self), nil)
    }

    func testReadingAColumnAsTheWrongTypeNamesTheColumn() throws {
        let (database, _) = try openFresh()
        let row = try XCTUnwrap(try database.queryOne("SELECT 'text' AS word, NULL AS missing"))
        XCTAssertThrowsError(try row.get("word", as: Int.self)) { error in
            XCTAssertEqual(error as? DatabaseError,
                           .columnType(column: "word", expected: "Int", found: "TEXT", sql: "SELECT 'text' AS word, NULL AS missing"))
        }
        XCTAssertThrowsError(try row.get("missing", as: String.self))
        XCTAssertThrowsError(try row.get("absent", as: String?.self)) { error in
            XCTAssertTrue("\(error)".contains("no column 'absent'"), "\(error)")
        }
    }

    func testErrorsCarryTheMessageAndTheSQL() throws {
        let (database, _) = try openFresh()
        XCTAssertThrowsError(try database.execute("SELEKT 1")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("syntax error"), text)
            XCTAssertTrue(text.contains("in: SELEKT 1"), text)
            XCTAssertEqual((error as? DatabaseError)?.resultCode, SQLITE_ERROR)
        }
    }

    func testWrongParameterCountIsAnError() throws {
        let (database, _) = try openFresh()
        XCTAssertThrowsError(try database.execute("SELECT ?, ?", 1)) { error in
            XCTAssertTrue("\(error)".contains("2 parameters, 1 values given"), "\(error)")
        }
    }

    private struct Abort: Error {}

    func testTransactionRollsBackWhenTheBodyThrows() throws {
        let (database, _) = try openFresh()
        try database.execute("CREATE TABLE t (x)")
        XCTAssertThrowsError(try database.transaction(.immediate) {
            try database.execute("INSERT INTO t VALUES (1)")
            throw Abort()
        })
        XCTAssertTrue(database.isAutocommit)
        XCTAssertEqual(try database.queryOne("SELECT count(*) FROM t")?.get(at: 0, as: Int.self), 0)
    }

    func testNestedTransactionRollsBackOnlyItsOwnWork() throws {
        let (database, _) = try openFresh()
        try database.execute("CREATE TABLE t (x)")
        try database.transaction(.immediate) {
            try database.execute("INSERT INTO t VALUES (1)")
            _ = try? database.transaction(.immediate) {
                try database.execute("INSERT INTO t VALUES (2)")
                throw Abort()
            }
        }
        XCTAssertEqual(try database.query("SELECT x FROM t").map { try $0.get("x", as: Int.self) }, [1])
    }

    func testImmediateTransactionWaitsForTheWriterAndThenReportsBusy() throws {
        let (database, path) = try openFresh()
        try database.execute("CREATE TABLE t (x)")
        let other = try Database(path: path, busyTimeout: 100)
        try database.execute("BEGIN IMMEDIATE")
        let start = Date()
        XCTAssertThrowsError(try other.transaction(.immediate) { try other.execute("INSERT INTO t VALUES (1)") }) { error in
            XCTAssertTrue((error as? DatabaseError)?.isBusy == true, "\(error)")
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.09, "busy_timeout was not applied")
        try database.execute("COMMIT")
        try other.transaction(.immediate) { try other.execute("INSERT INTO t VALUES (1)") }
    }

    func testBackupWritesAReadableCopy() throws {
        let (database, path) = try openFresh()
        try database.execute("CREATE TABLE t (x)")
        try database.execute("INSERT INTO t VALUES ('kept')")
        let copy = path + ".backup"
        try database.backup(to: copy)
        let restored = try Database(path: copy)
        XCTAssertEqual(try restored.queryOne("SELECT x FROM t")?.get(at: 0, as: String.self), "kept")
    }

    func testCannotCreateInAMissingDirectory() {
        XCTAssertThrowsError(try Database(path: "/nonexistent-apiary-dir/x.db")) { error in
            XCTAssertTrue("\(error)".contains("cannot create database /nonexistent-apiary-dir/x.db"), "\(error)")
        }
    }
}

final class StatementTests: XCTestCase {
    func testAPreparedStatementRunsAgainWithNewBindings() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("s.db").path
        let database = try Database(path: path)
        try database.execute("CREATE TABLE t (n INTEGER, word TEXT)")
        let insert = try database.prepare("INSERT INTO t VALUES (?, ?)")
        for (n, word) in [(1, "one"), (2, "two"), (3, "three")] {
            try insert.bind([n, word])
            XCTAssertFalse(try insert.step())
        }
        let select = try database.prepare("SELECT word FROM t WHERE n >= ? ORDER BY n")
        try select.bind([2])
        XCTAssertEqual(try select.rows().map { try $0.get("word", as: String.self) }, ["two", "three"])
        try select.bind([3])
        XCTAssertEqual(try select.rows().map { try $0.get(at: 0, as: String.self) }, ["three"])
        XCTAssertEqual(select.columnNames, ["word"])
    }

    func testAFailedStepReportsTheConstraintAndTheStatement() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("s.db").path
        let database = try Database(path: path)
        try database.execute("CREATE TABLE t (k TEXT UNIQUE)")
        try database.execute("INSERT INTO t VALUES ('a')")
        XCTAssertThrowsError(try database.execute("INSERT INTO t VALUES (?)", "a")) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, SQLITE_CONSTRAINT)
            XCTAssertTrue("\(error)".contains("UNIQUE constraint failed: t.k"), "\(error)")
            XCTAssertTrue("\(error)".contains("in: INSERT INTO t VALUES (?)"), "\(error)")
        }
    }
}
