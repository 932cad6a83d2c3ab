import XCTest
@testable import Store

final class JournalModeTests: XCTestCase {
    func testVersionsWithTheWALResetBugGetTheRollbackJournal() {
        for version: Int32 in [3_007_000, 3_040_001, 3_044_005, 3_045_000, 3_050_006, 3_051_000, 3_051_002] {
            XCTAssertEqual(JournalMode.preferred(forLibraryVersion: version), .delete, "version \(version)")
        }
    }

    func testFixedVersionsGetWAL() {
        for version: Int32 in [3_044_006, 3_044_009, 3_050_007, 3_050_010, 3_051_003, 3_052_000, 4_000_000] {
            XCTAssertEqual(JournalMode.preferred(forLibraryVersion: version), .wal, "version \(version)")
        }
    }
}
