/// Every table of the deployment database, as one ordered list of named
/// migrations: whichever component opens the file first brings all of it up
/// to date, and none sees another's migration as unknown.
enum StoreSchema {
    static let migrations: [Migration] = ReviewQueueSchema.migrations + BatchJobSchema.migrations
}
