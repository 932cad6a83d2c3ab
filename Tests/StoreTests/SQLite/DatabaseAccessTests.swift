import CSQLite
import Foundation
import XCTest
@testable import Store

/// Commands that only read open the file read-only and never create it; only writers create.
final class DatabaseAccessTests: XCTestCase {
    func testReadingAMissingFileFailsNamingItAndCreatesNothing() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("typo.db").path
        for access in [DatabaseAccess.readOnly, .readWrite] {
            XCTAssertThrowsError(try ReviewQueue(path: path, access: access)) { error in
                XCTAssertEqual(error as? DatabaseError, .missing(path: path))
                XCTAssertTrue("\(error)".contains(path))
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "\(access) created the file")
        }
        _ = try ReviewQueue(path: path, access: .create)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    func testReadOnlyConnectionReadsAndRefusesWrites() throws {
        let (queue, _, path) = try makeQueue(self)
        try queue.enqueue(sampleItem(ticket: "1"))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try ReviewQueue(path: path, access: .readOnly)
        XCTAssertTrue(reader.database.isReadOnly)
        XCTAssertEqual(try reader.items().map(\.source.ticket), ["1"])
        XCTAssertNotNil(try reader.statistics())
        XCTAssertThrowsError(try reader.enqueue(sampleItem(ticket: "2")))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "a reader changed the file")
    }

    func testReadOnlyConnectionDoesNotMigrateAnOlderDatabase() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("old.db").path
        let empty = try Database(path: path)
        try empty.execute("CREATE TABLE unrelated (x)")
        XCTAssertThrowsError(try ReviewQueue(path: path, access: .readOnly)) { error in
            guard case .needsMigration(let named, let pending)? = error as? DatabaseError else {
                return XCTFail("expected needsMigration, got \(error)")
            }
            XCTAssertEqual(named, path)
            XCTAssertFalse(pending.isEmpty)
        }
    }
}
