import Foundation

/// One named step of a schema's history. Names are recorded in the database,
/// so a step is never renamed or changed once released; new steps go at the end.
public struct Migration: Sendable {
    public let name: String
    public let sql: String

    public init(_ name: String, sql: String) {
        self.name = name
        self.sql = sql
    }
}

/// Applies named migrations in order, each once, recording them in `apiary_migrations`.
///
/// Several processes may open a fresh database at the same moment; each
/// migration runs in a `BEGIN IMMEDIATE` transaction that re-reads the applied
/// set, so exactly one of them applies it.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(_ migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Applies every migration not yet recorded. Returns the names applied now.
    @discardableResult
    public func migrate(_ database: Database) throws -> [String] {
        if database.access == .readOnly {
            // A reader cannot migrate; it can use a database that needs nothing.
            let table = try database.queryOne("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'apiary_migrations'")
            let applied = table == nil ? [] : try appliedMigrations(database)
            let known = Set(migrations.map(\.name))
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw DatabaseError.unknownMigration(name: unknown, path: database.path)
            }
            let pending = migrations.map(\.name).filter { !applied.contains($0) }
            if !pending.isEmpty { throw DatabaseError.needsMigration(path: database.path, pending: pending) }
            return []
        }
        // An up-to-date database is only read: opening it takes no write lock (and works read-only).
        if try isUpToDate(database) { return [] }
        try database.executeScript("""
            CREATE TABLE IF NOT EXISTS apiary_migrations (
                name TEXT PRIMARY KEY NOT NULL,
                applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            )
            """)
        let known = Set(migrations.map(\.name))
        for name in try appliedMigrations(database) where !known.contains(name) {
            throw DatabaseError.unknownMigration(name: name, path: database.path)
        }
        var applied: [String] = []
        for migration in migrations {
            let ran = try database.transaction(.immediate) { () -> Bool in
                let done = try database.queryOne("SELECT 1 FROM apiary_migrations WHERE name = ?", migration.name)
                guard done == nil else { return false }
                try database.executeScript(migration.sql)
                try database.execute("INSERT INTO apiary_migrations (name) VALUES (?)", migration.name)
                return true
            }
            if ran { applied.append(migration.name) }
        }
        return applied
    }

    /// True when every migration is recorded (and none unknown is).
    public func isUpToDate(_ database: Database) throws -> Bool {
        guard try database.queryOne("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'apiary_migrations'") != nil else {
            return false
        }
        return Set(try appliedMigrations(database)) == Set(migrations.map(\.name))
    }

    /// Names recorded as applied, in the order they were applied.
    public func appliedMigrations(_ database: Database) throws -> [String] {
        try database.query("SELECT name FROM apiary_migrations ORDER BY rowid").map { try $0.get("name", as: String.self) }
    }
}
