import Foundation
import CSQLite

/// Everything that can go wrong talking to SQLite, with enough context to act on.
public enum DatabaseError: Error, CustomStringConvertible, Equatable {
    /// SQLite returned an error: its extended result code, its message and the SQL that failed.
    case sqlite(code: Int32, message: String, sql: String?)
    /// The database file could not be created or opened by the operating system.
    case cannotCreate(path: String, errno: Int32)
    /// A column held a value of another type than the one asked for.
    case columnType(column: String, expected: String, found: String, sql: String)
    /// A column name that the query does not return.
    case noSuchColumn(column: String, sql: String)
    /// The database records a migration this program does not know: it was written by a newer Apiary.
    case unknownMigration(name: String, path: String)
    /// A text or blob past what one SQLite value can hold.
    case tooLarge(bytes: Int, sql: String)
    /// A command that only reads was pointed at a file that does not exist (a mistyped path is not an empty queue).
    case missing(path: String)
    /// A read-only connection met a database whose schema is older than this program's.
    case needsMigration(path: String, pending: [String])
    /// A read-only connection met a transaction that a killed writer left unfinished, in a file it may not write.
    case unfinishedTransaction(path: String)

    /// SQLite's primary result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`, …), if SQLite reported this error.
    public var resultCode: Int32? {
        if case .sqlite(let code, _, _) = self { return code & 0xFF }
        return nil
    }

    /// True for SQLITE_BUSY and SQLITE_LOCKED: another connection held the lock past `busy_timeout`.
    public var isBusy: Bool {
        resultCode == SQLITE_BUSY || resultCode == SQLITE_LOCKED
    }

    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql):
            let name = String(cString: sqlite3_errstr(code))
            var text = "SQLite error \(code) (\(name)): \(message)"
            if let sql { text += "\n  in: \(sql.trimmingWhitespace)" }
            return text
        case .cannotCreate(let path, let errno):
            return "cannot create database \(path): \(String(cString: strerror(errno)))"
        case .columnType(let column, let expected, let found, let sql):
            return "column '\(column)' holds \(found), expected \(expected)\n  in: \(sql.trimmingWhitespace)"
        case .noSuchColumn(let column, let sql):
            return "no column '\(column)' in the result of: \(sql.trimmingWhitespace)"
        case .unknownMigration(let name, let path):
            return "\(path) was migrated by a newer Apiary (unknown migration '\(name)'); upgrade apiary to use it"
        case .tooLarge(let bytes, let sql):
            return "a value of \(bytes) bytes is too large for SQLite\n  in: \(sql.trimmingWhitespace)"
        case .missing(let path):
            return "no database at \(path) (commands that only read never create one: a batch job or a queue import does; check --db)"
        case .needsMigration(let path, let pending):
            return "\(path) is opened read-only but its schema is older (missing \(pending.joined(separator: ", "))); "
                + "run a command that writes, such as `apiary queue import`, with write access to upgrade it"
        case .unfinishedTransaction(let path):
            return "\(path) holds a transaction left unfinished by a process that stopped (a hot journal, \(path)-journal); "
                + "it can be read once a command with write access to the file has rolled it back, such as resuming the batch job"
        }
    }
}

extension String {
    /// SQL collapsed onto one line so an error message stays readable.
    var trimmingWhitespace: String {
        split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}
