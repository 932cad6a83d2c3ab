import Foundation
import Store

/// Everything the figures are computed from, read in one short read
/// transaction: a consistent view whose queries return sums and counts (SQLite
/// does the counting), never every ticket or every review item, so the shared
/// lock is held for milliseconds and a running job or reviewer never waits long.
struct StoreSnapshot {
    var path: String
    var journalMode: JournalMode
    var jobs: [BatchJob]
    var jobFacts: [String: JobFacts]
    /// job → verdict → tickets.
    var verdicts: [String: [String: Int]]
    var domains: [DomainFacts]
    var volume: [DailyVolume]
    var span: FactsSpan
    var unanswered: [UnansweredTicket]
    var waitingSince: [Date]
    var agreement: AuditorAgreement
    var statistics: QueueStatistics

    /// How many failed and rejected tickets the page lists.
    static let unansweredShown = 50

    static func read(_ database: Database, auditThreshold: Double) throws -> StoreSnapshot {
        let jobs = try BatchJobStore(database: database)
        let queue = try ReviewQueue(database: database)
        return try database.transaction(.deferred) {
            StoreSnapshot(path: database.path, journalMode: database.journalMode, jobs: try jobs.jobs(), jobFacts: try jobs.jobFacts(),
                          verdicts: try jobs.verdictCounts(), domains: try jobs.domainFacts(), volume: try jobs.dailyVolume(),
                          span: try jobs.factsSpan(), unanswered: try jobs.unansweredTickets(limit: unansweredShown),
                          waitingSince: try queue.waitingSince(), agreement: try queue.auditorAgreement(threshold: auditThreshold),
                          statistics: try queue.statistics())
        }
    }
}
