import Foundation
import Store

/// Everything the figures are computed from, read in one short read
/// transaction: a consistent view that holds SQLite's shared lock only for
/// the milliseconds the reads take, so a running job or reviewer never waits on it.
struct StoreSnapshot {
    var path: String
    var journalMode: JournalMode
    var jobs: [BatchJob]
    var jobFacts: [String: JobFacts]
    var ticketFacts: [TicketFacts]
    var items: [ReviewItem]
    var statistics: QueueStatistics

    static func read(_ database: Database) throws -> StoreSnapshot {
        let jobs = try BatchJobStore(database: database)
        let queue = try ReviewQueue(database: database)
        return try database.transaction(.deferred) {
            StoreSnapshot(path: database.path, journalMode: database.journalMode, jobs: try jobs.jobs(), jobFacts: try jobs.jobFacts(),
                          ticketFacts: try jobs.ticketFacts(), items: try queue.items(), statistics: try queue.statistics())
        }
    }
}
