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

    func testAMissingFileIsNotCreatedByAReader() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("missing.db").path
        XCTAssertThrowsError(try Database.openStoreForReading(path: path)) { error in
            XCTAssertEqual(error as? DatabaseError, .missing(path: path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}
