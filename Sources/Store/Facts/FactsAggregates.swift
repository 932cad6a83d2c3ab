import Foundation

/// One domain's tickets, summed by SQLite over `ticket_facts`.
public struct DomainFacts: Sendable, Equatable {
    /// nil: out of scope.
    public var domain: String?
    public var tickets: Int
    public var flagged: Int
    /// Mean over tickets with an audit score; nil when none has one.
    public var meanAuditScore: Double?
    /// Nearest-rank percentiles of the tickets' latencies (`seconds`).
    public var latencyP50: Double
    public var latencyP95: Double
    public var tokensIn: Int
    public var tokensOut: Int
}

/// Tickets of one domain recorded on one day (UTC).
public struct DailyVolume: Sendable, Equatable {
    /// `YYYY-MM-DD`.
    public var day: String
    public var domain: String?
    public var tickets: Int
}

/// How many tickets have facts, and when the first and the last were recorded.
public struct FactsSpan: Sendable, Equatable {
    public var tickets: Int
    public var first: Date?
    public var last: Date?
}

/// The aggregates the dashboard shows, each one query (or one per domain for
/// percentiles, along an index): a reader gets them in milliseconds however many
/// tickets there are, instead of reading every row.
extension BatchJobStore {
    /// Tickets with facts per job and verdict: job → verdict → count.
    public func verdictCounts() throws -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        for row in try database.query("SELECT job_id, verdict, COUNT(*) AS n FROM ticket_facts GROUP BY job_id, verdict") {
            counts[try row.get("job_id"), default: [:]][try row.get("verdict")] = try row.get("n")
        }
        return counts
    }

    /// Per domain (out of scope as nil), sorted by name with out of scope last.
    public func domainFacts() throws -> [DomainFacts] {
        let rows = try database.query("""
            SELECT domain, COUNT(*) AS tickets, SUM(verdict = 'flagged') AS flagged, AVG(audit_score) AS mean_score,
                   SUM(tokens_in) AS tokens_in, SUM(tokens_out) AS tokens_out
            FROM ticket_facts GROUP BY domain ORDER BY domain IS NULL, domain
            """)
        return try rows.map { row in
            let domain: String? = try row.get("domain")
            let tickets: Int = try row.get("tickets")
            return DomainFacts(domain: domain, tickets: tickets, flagged: try row.get("flagged"), meanAuditScore: try row.get("mean_score"),
                               latencyP50: try latency(domain: domain, rank: Self.nearestRank(0.5, of: tickets)),
                               latencyP95: try latency(domain: domain, rank: Self.nearestRank(0.95, of: tickets)),
                               tokensIn: try row.get("tokens_in"), tokensOut: try row.get("tokens_out"))
        }
    }

    /// The 0-based rank of percentile `p` among `count` sorted values (the batch summary's rule).
    static func nearestRank(_ p: Double, of count: Int) -> Int {
        min(max(0, count - 1), Int((Double(max(0, count - 1)) * p).rounded()))
    }

    private func latency(domain: String?, rank: Int) throws -> Double {
        try database.queryOne("SELECT seconds FROM ticket_facts WHERE domain IS ? ORDER BY seconds LIMIT 1 OFFSET ?", domain, rank)?
            .get("seconds") ?? 0
    }

    /// Tickets per day (UTC) and domain, oldest day first.
    public func dailyVolume() throws -> [DailyVolume] {
        try database.query("""
            SELECT strftime('%Y-%m-%d', recorded_at / 1000, 'unixepoch') AS day, domain, COUNT(*) AS n
            FROM ticket_facts GROUP BY day, domain ORDER BY day, domain IS NULL, domain
            """).map { DailyVolume(day: try $0.get("day"), domain: try $0.get("domain"), tickets: try $0.get("n")) }
    }

    public func factsSpan() throws -> FactsSpan {
        guard let row = try database.queryOne("SELECT COUNT(*) AS n, MIN(recorded_at) AS first, MAX(recorded_at) AS last FROM ticket_facts") else {
            return FactsSpan(tickets: 0, first: nil, last: nil)
        }
        func date(_ column: String) throws -> Date? {
            try row.get(column, as: Int64?.self).map { Date(timeIntervalSince1970: Double($0) / 1000) }
        }
        return FactsSpan(tickets: try row.get("n"), first: try date("first"), last: try date("last"))
    }
}
