import Foundation
import XCTest
@testable import Store

final class MigratorTests: XCTestCase {
    private let history = Migrator([
        Migration("1-create-notes", sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"),
        Migration("2-add-author", sql: "ALTER TABLE notes ADD COLUMN author TEXT"),
    ])

    func testMigrationsApplyInOrderExactlyOnce() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("m.db").path
        let database = try Database(path: path)
        XCTAssertEqual(try history.migrate(database), ["1-create-notes", "2-add-author"])
        XCTAssertEqual(try history.migrate(database), [])
        XCTAssertEqual(try history.appliedMigrations(database), ["1-create-notes", "2-add-author"])
        try database.execute("INSERT INTO notes (body, author) VALUES ('x', 'y')")
    }

    func testANewMigrationAppliesOnTopOfAnOldDatabase() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("m.db").path
        let database = try Database(path: path)
        try Migrator([history.migrations[0]]).migrate(database)
        XCTAssertEqual(try history.migrate(database), ["2-add-author"])
    }

    func testAFailingMigrationLeavesNoTrace() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("m.db").path
        let database = try Database(path: path)
        let broken = Migrator(history.migrations + [Migration("3-broken", sql: "CREATE TABLE x (a); ALTER TABLE nope ADD b")])
        XCTAssertThrowsError(try broken.migrate(database))
        XCTAssertEqual(try history.appliedMigrations(database), ["1-create-notes", "2-add-author"])
        XCTAssertNil(try database.queryOne("SELECT name FROM sqlite_master WHERE name = 'x'"))
    }

    func testADatabaseFromANewerProgramIsRefused() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("m.db").path
        let database = try Database(path: path)
        try Migrator(history.migrations + [Migration("3-future", sql: "CREATE TABLE f (a)")]).migrate(database)
        XCTAssertThrowsError(try history.migrate(database)) { error in
            XCTAssertEqual(error as? DatabaseError, .unknownMigration(name: "3-future", path: path))
        }
    }
}
