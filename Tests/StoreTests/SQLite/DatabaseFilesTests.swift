import Foundation
import XCTest
@testable import Store

/// An export target is checked against the database it reads, by device and inode.
final class DatabaseFilesTests: XCTestCase {
    private var directory: URL!
    private var database: String { directory.appendingPathComponent("q.db").path }

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
        _ = try ReviewQueue(path: database)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testTheDatabaseItselfIsRefusedByAnyName() throws {
        XCTAssertNotNil(DatabaseFiles.overwriteHazard(output: database, database: database))
        XCTAssertNotNil(DatabaseFiles.overwriteHazard(output: directory.path + "/./q.db", database: database))
        try FileManager.default.createSymbolicLink(atPath: path("link.jsonl"), withDestinationPath: database)
        XCTAssertNotNil(DatabaseFiles.overwriteHazard(output: path("link.jsonl"), database: database))
        XCTAssertEqual(link(database, path("hard.jsonl")), 0)
        XCTAssertNotNil(DatabaseFiles.overwriteHazard(output: path("hard.jsonl"), database: database))
    }

    func testCompanionFilesAndOtherDatabasesAreRefused() throws {
        XCTAssertNotNil(DatabaseFiles.overwriteHazard(output: database + "-wal", database: database))
        XCTAssertNotNil(DatabaseFiles.overwriteHazard(output: database + "-journal", database: database))
        // SQLite writes its header with the first page: a database with a table in it.
        try Database(path: path("other.db")).execute("CREATE TABLE t (x)")
        let other = DatabaseFiles.overwriteHazard(output: path("other.db"), database: database)
        XCTAssertEqual(other, "\(path("other.db")) is an SQLite database")
    }

    func testOrdinaryFilesAreAllowed() throws {
        XCTAssertNil(DatabaseFiles.overwriteHazard(output: path("export.jsonl"), database: database))
        try "old export\n".write(toFile: path("old.jsonl"), atomically: true, encoding: .utf8)
        XCTAssertNil(DatabaseFiles.overwriteHazard(output: path("old.jsonl"), database: database))
    }
}
