/// The journal mode Apiary runs SQLite in, chosen from the library version.
///
/// SQLite 3.7.0 through 3.51.2 has the WAL-reset bug: a WAL database can be
/// corrupted when two connections write or checkpoint at the same moment. It is
/// fixed in 3.51.3 and backported to 3.50.7 and 3.44.6. Correctness comes
/// first, so WAL is used only on a fixed library and the rollback journal
/// (`DELETE`) otherwise.
public enum JournalMode: String, Sendable, Equatable {
    case wal
    case delete

    /// The mode for a library whose `sqlite3_libversion_number()` is `version`
    /// (e.g. 3051003 for 3.51.3).
    public static func preferred(forLibraryVersion version: Int32) -> JournalMode {
        hasWALResetFix(version) ? .wal : .delete
    }

    /// True when `version` includes the WAL-reset fix: 3.51.3 and later,
    /// the 3.50 branch from 3.50.7, the 3.44 branch from 3.44.6.
    public static func hasWALResetFix(_ version: Int32) -> Bool {
        if version >= 3_051_003 { return true }
        if version >= 3_050_007 && version < 3_051_000 { return true }
        if version >= 3_044_006 && version < 3_045_000 { return true }
        return false
    }

    /// The word `PRAGMA journal_mode` takes and returns.
    public var pragmaValue: String { rawValue }

    /// A sentence for `apiary queue stats` and `--verbose`.
    public static func explanation(mode: JournalMode, libraryVersion: String) -> String {
        switch mode {
        case .wal:
            return "journal mode WAL (SQLite \(libraryVersion) has the WAL-reset fix)"
        case .delete:
            return "journal mode DELETE (rollback journal; SQLite \(libraryVersion) predates the WAL-reset fix of 3.51.3/3.50.7/3.44.6)"
        }
    }
}
