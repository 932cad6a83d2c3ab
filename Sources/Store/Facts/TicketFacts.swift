import Foundation

/// What one answered ticket cost: recorded with its result, read by the dashboard.
public struct TicketFacts: Sendable, Equatable {
    public var job: String
    public var ticket: String
    /// The routed domain; nil when out of scope.
    public var domain: String?
    /// `accepted`, `flagged`, `blocked` (or `failed`).
    public var verdict: String
    public var auditScore: Double?
    public var tokensIn: Int
    public var tokensOut: Int
    /// The pipeline's time for this ticket (its latency).
    public var seconds: Double
    public var usage: ResourceUsage
    /// Role (`router`, `specialist`, `auditor`) → model name.
    public var models: [String: String]
    /// Set by the store when recorded.
    public var recordedAt: Date

    public init(job: String, ticket: String, domain: String?, verdict: String, auditScore: Double?, tokensIn: Int, tokensOut: Int,
                seconds: Double, usage: ResourceUsage, models: [String: String], recordedAt: Date = Date(timeIntervalSince1970: 0)) {
        self.job = job
        self.ticket = ticket
        self.domain = domain
        self.verdict = verdict
        self.auditScore = auditScore
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.seconds = seconds
        self.usage = usage
        self.models = models
        self.recordedAt = recordedAt
    }
}

/// Wall time, CPU time and energy over an interval (a ticket's share of a job, or a whole job).
public struct ResourceUsage: Sendable, Equatable {
    public var wallSeconds: Double
    public var cpuSeconds: Double
    /// Measured package energy (RAPL); nil when it could not be read.
    public var energyJoules: Double?

    public init(wallSeconds: Double = 0, cpuSeconds: Double = 0, energyJoules: Double? = nil) {
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.energyJoules = energyJoules
    }
}

/// A job's running sums of its tickets' facts.
public struct JobFacts: Sendable, Equatable {
    public var job: String
    public var tokensIn: Int
    public var tokensOut: Int
    public var usage: ResourceUsage
    /// The models of the job's latest ticket, by role.
    public var models: [String: String]
}

extension BatchJobStore {
    /// Records one ticket's facts and adds them to its job's sums, in one
    /// transaction (a savepoint inside the caller's, so facts commit with the result).
    /// A ticket already recorded is left as it is.
    public func record(_ facts: TicketFacts) throws {
        try database.transaction {
            let models = JSONValue.object(facts.models.mapValues(JSONValue.string)).jsonText
            try database.execute("""
                INSERT OR IGNORE INTO ticket_facts (job_id, ticket, domain, verdict, audit_score, tokens_in, tokens_out, seconds,
                    wall_seconds, cpu_seconds, energy_joules, models, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, facts.job, facts.ticket, facts.domain, facts.verdict, facts.auditScore, facts.tokensIn, facts.tokensOut,
                facts.seconds, facts.usage.wallSeconds, facts.usage.cpuSeconds, facts.usage.energyJoules, models, time)
            guard database.changes == 1 else { return }
            try database.execute("""
                UPDATE batch_jobs SET tokens_in = tokens_in + ?, tokens_out = tokens_out + ?, wall_seconds = wall_seconds + ?,
                    cpu_seconds = cpu_seconds + ?, energy_joules = CASE WHEN ? IS NULL THEN energy_joules ELSE COALESCE(energy_joules, 0) + ? END,
                    models = ? WHERE id = ?
                """, facts.tokensIn, facts.tokensOut, facts.usage.wallSeconds, facts.usage.cpuSeconds,
                facts.usage.energyJoules, facts.usage.energyJoules, models, facts.job)
        }
    }

    /// Facts of every ticket (of one job when given), oldest first.
    public func ticketFacts(job: String? = nil) throws -> [TicketFacts] {
        let rows = try job.map { try database.query("SELECT * FROM ticket_facts WHERE job_id = ? ORDER BY recorded_at, rowid", $0) }
            ?? database.query("SELECT * FROM ticket_facts ORDER BY recorded_at, rowid")
        return try rows.map { row in
            TicketFacts(job: try row.get("job_id"), ticket: try row.get("ticket"), domain: try row.get("domain"),
                        verdict: try row.get("verdict"), auditScore: try row.get("audit_score"),
                        tokensIn: try row.get("tokens_in"), tokensOut: try row.get("tokens_out"), seconds: try row.get("seconds"),
                        usage: try Self.usage(row), models: try Self.models(row),
                        recordedAt: Date(timeIntervalSince1970: Double(try row.get("recorded_at", as: Int64.self)) / 1000))
        }
    }

    /// Every job's sums, by job id.
    public func jobFacts() throws -> [String: JobFacts] {
        var result: [String: JobFacts] = [:]
        for row in try database.query("SELECT id, tokens_in, tokens_out, wall_seconds, cpu_seconds, energy_joules, models FROM batch_jobs") {
            let id: String = try row.get("id")
            result[id] = JobFacts(job: id, tokensIn: try row.get("tokens_in"), tokensOut: try row.get("tokens_out"),
                                  usage: try Self.usage(row), models: try Self.models(row))
        }
        return result
    }

    private static func usage(_ row: Row) throws -> ResourceUsage {
        ResourceUsage(wallSeconds: try row.get("wall_seconds"), cpuSeconds: try row.get("cpu_seconds"), energyJoules: try row.get("energy_joules"))
    }

    private static func models(_ row: Row) throws -> [String: String] {
        guard case .object(let members) = try JSONValue.parse(try row.get("models", as: String.self)) else { return [:] }
        return members.compactMapValues(\.stringValue)
    }
}
