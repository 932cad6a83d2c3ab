import Foundation
import XCTest
@testable import Store

final class ReadOnlyDatabaseTests: XCTestCase {
    func testAReadOnlyConnectionCannotWrite() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("a.db").path
        _ = try ReviewQueue(path: path)
        let reader = try Database(path: path, access: .readOnly)
        XCTAssertThrowsError(try reader.execute("INSERT INTO apiary_migrations (name) VALUES ('x')"))
        XCTAssertEqual(try ReviewQueue(database: reader).items(), [], "an up-to-date store opens read-only without writing")
    }

    func testOpeningForReadingMigratesAnOldStoreFirst() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("old.db").path
        try Migrator(ReviewQueueSchema.migrations).migrate(Database(path: path))
        XCTAssertThrowsError(try BatchJobStore(database: Database(path: path, access: .readOnly)), "read-only cannot migrate")
        let reader = try Database.openStoreForReading(path: path)
        XCTAssertEqual(try BatchJobStore(database: reader).jobs(), [])
        XCTAssertTrue(try Migrator(StoreSchema.migrations).isUpToDate(reader))
    }

    /// A writer killed mid-transaction in rollback-journal mode leaves a hot journal (made here by
    /// Python's sqlite3 in a process that exits inside a transaction whose pages spilled to the file).
    func testAReaderRollsBackATransactionAKilledWriterLeft() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("killed.db").path
        let script = """
            import os, sqlite3, sys
            con = sqlite3.connect(sys.argv[1], isolation_level=None)
            con.execute("PRAGMA journal_mode = DELETE")
            con.execute("CREATE TABLE t (x TEXT)")
            con.executemany("INSERT INTO t VALUES (?)", [("a" * 500,)] * 200)
            con.execute("PRAGMA cache_size = 1")  # spill changed pages to the file before commit
            con.execute("BEGIN IMMEDIATE")
            con.execute("UPDATE t SET x = 'b'")
            con.execute("INSERT INTO t SELECT x FROM t")
            os._exit(0)  # killed: no commit, no rollback
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, path]
        try python.run()
        python.waitUntilExit()
        XCTAssertEqual(python.terminationStatus, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-journal"), "the killed writer left its journal")

        let reader = try Database(path: path, access: .readOnly)
        XCTAssertEqual(try reader.queryOne("SELECT count(*) FROM t")?.get(at: 0, as: Int.self), 200)
        XCTAssertEqual(try reader.queryOne("SELECT count(*) FROM t WHERE x = 'b'")?.get(at: 0, as: Int.self), 0,
                       "the committed state, not the killed writer's")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-journal"))
        XCTAssertThrowsError(try reader.execute("DELETE FROM t"), "still a reader")
    }

    func testAMissingFileIsNotCreatedByAReader() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("missing.db").path
        XCTAssertThrowsError(try Database.openStoreForReading(path: path)) { error in
            XCTAssertEqual(error as? DatabaseError, .missing(path: path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}
