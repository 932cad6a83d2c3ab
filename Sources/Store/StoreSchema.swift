/// Every table of the deployment database, as one ordered list of named
/// migrations: whichever component opens the file first brings all of it up
/// to date, and none sees another's migration as unknown.
enum StoreSchema {
    static let migrations: [Migration] = ReviewQueueSchema.migrations + BatchJobSchema.migrations + FactsSchema.migrations
}

extension Database {
    /// A read-only connection to the store at `path`, for readers such as the
    /// dashboard. An older database is first migrated (once, through a
    /// short-lived read-write connection), so readers always see the current schema.
    public static func openStoreForReading(path: String) throws -> Database {
        let reader = try Database(path: path, access: .readOnly)
        let migrator = Migrator(StoreSchema.migrations)
        if try migrator.isUpToDate(reader) { return reader }
        try migrator.migrate(Database(path: path))
        return try Database(path: path, access: .readOnly)
    }
}
