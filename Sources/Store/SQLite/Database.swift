import CSQLite
import Foundation

/// How a transaction takes its locks (SQLite's `BEGIN DEFERRED|IMMEDIATE|EXCLUSIVE`).
public enum TransactionKind: String, Sendable {
    /// Takes locks as statements need them; fine for reads only.
    case deferred = "DEFERRED"
    /// Takes the write lock at BEGIN. Every write uses this: a deferred read that
    /// later upgrades to a write can fail with SQLITE_BUSY without waiting.
    case immediate = "IMMEDIATE"
    case exclusive = "EXCLUSIVE"
}

/// How a command opens the database: commands that only read never create a file or take a write
/// lock, so a mistyped `--db` is an error rather than an empty queue and a read-only file can be read.
public enum DatabaseAccess: Sendable, Equatable {
    /// Reading only (`SQLITE_OPEN_READONLY` and `query_only`); the file must exist. Works on a
    /// file the user may not write, and takes no write lock.
    case readOnly
    /// Reading and writing an existing file.
    case readWrite
    /// Reading and writing, creating the file (mode 0600) when it is missing.
    case create
}

/// One connection to an Apiary database file.
///
/// Opening (with `.create`) creates the file with mode 0600 (it holds customer requests), sets
/// `busy_timeout`, turns foreign keys on, picks the journal mode from the
/// library version (see `JournalMode`) and commits with `synchronous=FULL`.
/// A connection is used from one thread at a time.
public final class Database {
    /// The file this connection opened.
    public let path: String
    /// The journal mode in effect after opening, as SQLite reported it.
    public private(set) var journalMode: JournalMode
    /// Things the user should hear about (a database on a network filesystem).
    public let warnings: [String]
    /// How this connection was opened.
    public let access: DatabaseAccess
    private let handle: OpaquePointer

    /// `sqlite3_libversion_number()` of the linked library, e.g. 3040001.
    public static var libraryVersionNumber: Int32 { sqlite3_libversion_number() }
    /// The linked library's version string, e.g. "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// Opens the database at `path`; `access` says whether it may be created or written.
    /// - Parameter busyTimeout: how long a statement waits for another connection's lock, in milliseconds.
    public init(path: String, access: DatabaseAccess = .create, busyTimeout milliseconds: Int32 = 10_000) throws {
        let inMemory = path == ":memory:" || path.isEmpty
        switch access {
        case .create: try Database.createPrivately(path)
        case .readOnly, .readWrite:
            guard inMemory || FileManager.default.fileExists(atPath: path) else { throw DatabaseError.missing(path: path) }
        }
        var connection: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX
        flags |= access == .readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw DatabaseError.sqlite(code: code, message: message, sql: nil)
        }
        self.handle = connection
        self.path = path
        self.access = access
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, milliseconds)
        var warnings: [String] = []
        if let warning = FileSystemKind.warning(forDatabaseAt: path) { warnings.append(warning) }
        self.warnings = warnings
        // Placeholder until the pragma below reports the real mode.
        self.journalMode = .delete
        do {
            if access == .readOnly {
                // query_only: a reader (the dashboard) can never change the store. Changing the
                // journal mode writes the file, so a reader takes the mode as it is.
                try execute("PRAGMA query_only = ON")
                try rollBackUnfinishedTransaction()
                let reported = try queryOne("PRAGMA journal_mode")?.get(at: 0, as: String.self)
                self.journalMode = JournalMode(rawValue: (reported ?? "").lowercased()) ?? .delete
                return
            }
            try execute("PRAGMA foreign_keys = ON")
            try execute("PRAGMA synchronous = FULL")
            let wanted = JournalMode.preferred(forLibraryVersion: Database.libraryVersionNumber)
            let reported = try queryOne("PRAGMA journal_mode = \(wanted.pragmaValue)")?.get(at: 0, as: String.self)
            self.journalMode = JournalMode(rawValue: (reported ?? "").lowercased()) ?? .delete
        } catch {
            sqlite3_close_v2(connection)
            throw error
        }
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// A writer that was killed mid-transaction (rollback journal) leaves a hot journal,
    /// which only a connection that may write can roll back; until then every read-only
    /// open fails with SQLITE_READONLY_ROLLBACK. A reader therefore lets a short-lived
    /// read-write connection do what the next writer would do first — restore the last
    /// committed state, changing no committed row — and reads on; it says so plainly
    /// when the file is not writable.
    private func rollBackUnfinishedTransaction() throws {
        guard try meetsHotJournal() else { return }
        if FileManager.default.isWritableFile(atPath: path) {
            // A bare connection: its first read rolls the journal back, and no pragma of a writer's runs.
            var writer: OpaquePointer?
            defer { sqlite3_close_v2(writer) }
            if sqlite3_open_v2(path, &writer, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let writer {
                sqlite3_busy_timeout(writer, 10_000)
                _ = sqlite3_exec(writer, Database.firstRead, nil, nil, nil)
            }
        }
        if try meetsHotJournal() { throw DatabaseError.unfinishedTransaction(path: path) }
    }

    private func meetsHotJournal() throws -> Bool {
        do {
            _ = try queryOne(Database.firstRead)
            return false
        } catch DatabaseError.sqlite(let code, _, _) where code == Database.hotJournal {
            return true
        }
    }

    private static let firstRead = "SELECT count(*) FROM sqlite_master"
    /// SQLITE_READONLY_ROLLBACK: a hot journal that a read-only connection cannot roll back.
    private static let hotJournal: Int32 = SQLITE_READONLY | (3 << 8)

    /// Creates `path` with mode 0600 before SQLite sees it, so the file is never
    /// world-readable even for an instant; an existing file is left as it is.
    private static func createPrivately(_ path: String) throws {
        guard path != ":memory:", !path.isEmpty else { return }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw DatabaseError.cannotCreate(path: path, errno: errno) }
        close(fd)
    }

    // MARK: Statements

    /// Prepares one SQL statement.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: handle, sql: sql)
    }

    /// Runs one statement with `arguments` bound to its `?` parameters, discarding rows.
    public func execute(_ sql: String, _ arguments: any DatabaseValueConvertible...) throws {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        while try statement.step() {}
    }

    /// Runs several `;`-separated statements without parameters (schema scripts).
    public func executeScript(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw DatabaseError.sqlite(code: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// All rows of a query.
    public func query(_ sql: String, _ arguments: any DatabaseValueConvertible...) throws -> [Row] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        return try statement.rows()
    }

    /// The first row of a query, or nil.
    public func queryOne(_ sql: String, _ arguments: any DatabaseValueConvertible...) throws -> Row? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        return try statement.step() ? statement.currentRow() : nil
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// A number that changes whenever another connection commits to the file (SQLite's
    /// `PRAGMA data_version`): a cheap way for a long-running reader to see whether to re-read.
    public func dataVersion() throws -> Int64 {
        try queryOne("PRAGMA data_version")?.get(at: 0, as: Int64.self) ?? 0
    }

    /// True when SQLite opened the file read-only (asked for, or the file cannot be written).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// True outside any transaction.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    // MARK: Transactions

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// Inside another transaction this becomes a savepoint, so operations that
    /// each need atomicity can be composed into one larger atomic step.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if !isAutocommit {
            try execute("SAVEPOINT apiary_nested")
            do {
                let result = try body()
                try execute("RELEASE apiary_nested")
                return result
            } catch {
                try? execute("ROLLBACK TO apiary_nested")
                try? execute("RELEASE apiary_nested")
                throw error
            }
        }
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if !isAutocommit { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Writes a consistent copy of the live database to `destination` with `VACUUM INTO`
    /// (never a file copy of a live database).
    public func backup(to destination: String) throws {
        try execute("VACUUM INTO ?", destination)
    }
}
