import CSQLite

/// SQLite copies bound text and blobs when given this destructor. It is a C macro
/// (`(sqlite3_destructor_type)-1`) that Swift cannot import, so it is rebuilt here.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement: bind typed parameters, step through rows, read typed columns.
///
/// A statement belongs to the `Database` that prepared it and must not outlive it.
public final class Statement {
    /// The SQL text this statement was prepared from (for error messages).
    public let sql: String
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    /// Column names of the result, in order.
    public let columnNames: [String]

    init(connection: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError.sqlite(code: sqlite3_extended_errcode(connection),
                                       message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.sql = sql
        self.handle = statement
        self.connection = connection
        let count = Int(sqlite3_column_count(statement))
        self.columnNames = (0..<count).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to parameters 1…n, after resetting the statement and clearing earlier bindings.
    public func bind(_ values: [any DatabaseValueConvertible]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw DatabaseError.sqlite(code: SQLITE_RANGE,
                                       message: "statement has \(expected) parameters, \(values.count) values given", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value.databaseValue, at: Int32(offset + 1))
        }
    }

    private func bind(_ value: DatabaseValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .integer(let v):
            code = sqlite3_bind_int64(handle, index, v)
        case .real(let v):
            code = sqlite3_bind_double(handle, index, v)
        case .text(var v):
            // An explicit byte count: with -1 SQLite would stop at the first NUL and store a truncated text.
            code = try v.withUTF8 { bytes in
                guard bytes.count <= Int32.max else { throw DatabaseError.tooLarge(bytes: bytes.count, sql: sql) }
                guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT) }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(bytes.count), SQLITE_TRANSIENT)
                }
            }
        case .blob(let bytes):
            guard bytes.count <= Int32.max else { throw DatabaseError.tooLarge(bytes: bytes.count, sql: sql) }
            code = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), SQLITE_TRANSIENT)
            }
        }
        try check(code)
    }

    /// Advances to the next row; false when the statement is done.
    public func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = DatabaseError.sqlite(code: sqlite3_extended_errcode(connection),
                                             message: String(cString: sqlite3_errmsg(connection)), sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Rewinds so the statement can run again with the same bindings.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// The current row's value in column `index` (0-based).
    public func value(at index: Int) -> DatabaseValue {
        let column = Int32(index)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return .blob([]) }
            return .blob([UInt8](UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// The current row, copied out so it stays valid after the statement moves on.
    public func currentRow() -> Row {
        Row(columns: columnNames, values: (0..<columnNames.count).map { value(at: $0) }, sql: sql)
    }

    /// All remaining rows.
    public func rows() throws -> [Row] {
        var result: [Row] = []
        while try step() { result.append(currentRow()) }
        return result
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else {
            throw DatabaseError.sqlite(code: code, message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }
}

/// One result row with typed access by column name.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [DatabaseValue]
    let sql: String

    /// The value in `column` as `T`; throws when the column is missing or holds another type.
    /// Ask for an optional (`String?`) to accept NULL.
    public func get<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let index = columns.firstIndex(of: column) else {
            throw DatabaseError.noSuchColumn(column: column, sql: sql)
        }
        let value = values[index]
        guard let decoded = T.decode(from: value) else {
            throw DatabaseError.columnType(column: column, expected: String(describing: T.self),
                                           found: value.typeName, sql: sql)
        }
        return decoded
    }

    /// The value in column `index` (0-based) as `T`.
    public func get<T: DatabaseValueConvertible>(at index: Int, as type: T.Type = T.self) throws -> T {
        guard index >= 0, index < values.count else {
            throw DatabaseError.noSuchColumn(column: "#\(index)", sql: sql)
        }
        guard let decoded = T.decode(from: values[index]) else {
            throw DatabaseError.columnType(column: columns[index], expected: String(describing: T.self),
                                           found: values[index].typeName, sql: sql)
        }
        return decoded
    }
}
