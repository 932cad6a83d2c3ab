/// Every number the dashboard shows, computed once: the page, the report and
/// `/figures.json` all render this one value. JSON goes through the store's one
/// encoder (`RecordJSON`), with the snake_case keys named below.
public struct DashboardFigures: Codable, Sendable, Equatable {
    /// ISO 8601, UTC.
    public var generatedAt: String
    public var store: StoreFigures
    public var jobs: [JobFigures]
    /// The latest failed and rejected tickets of every job, newest first.
    public var unanswered: [UnansweredFigures]
    public var domains: [DomainFigures]
    /// Answered tickets per day (UTC) and domain, oldest first.
    public var volume: [VolumeDay]
    public var review: ReviewFigures
    public var cost: CostFigures
    public var settings: CostSettings

    enum CodingKeys: String, CodingKey {
        case store, jobs, unanswered, domains, volume, review, cost, settings
        case generatedAt = "generated_at"
    }
}

/// A name and a count (a list keeps names as given and in order, where an object's keys would not be).
public struct NamedCount: Codable, Sendable, Equatable {
    public var name: String
    public var count: Int
}

/// The model a role ran on.
public struct RoleModel: Codable, Sendable, Equatable {
    public var role: String
    public var model: String
}

public struct StoreFigures: Codable, Sendable, Equatable {
    public var path: String
    public var journalMode: String
    public var sqliteVersion: String

    enum CodingKeys: String, CodingKey {
        case path
        case journalMode = "journal_mode"
        case sqliteVersion = "sqlite_version"
    }
}

public struct JobFigures: Codable, Sendable, Equatable {
    public var id: String
    public var status: String
    public var done: Int
    public var total: Int
    public var pending: Int
    public var rejected: Int
    /// Tickets whose answer failed (the job went on), as `apiary jobs` counts them.
    public var failed: Int
    /// Verdicts of answered tickets (`accepted`, `flagged`, `blocked`, `failed`), plus `rejected` input.
    public var verdicts: [NamedCount]
    /// Over the job's own running time (the sum of its runs' wall time).
    public var ticketsPerSecond: Double?
    public var tokensPerSecond: Double?
    /// Seconds left at the job's own pace; only for a running job.
    public var etaSeconds: Double?
    public var tokensIn: Int
    public var tokensOut: Int
    public var wallSeconds: Double
    public var cpuSeconds: Double
    /// Measured (RAPL) or, when `energyIsEstimate`, CPU-seconds × the configured watts.
    public var energyJoules: Double
    public var energyIsEstimate: Bool
    public var joulesPerTicket: Double?
    public var models: [RoleModel]
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, status, done, total, pending, rejected, failed, verdicts, models
        case ticketsPerSecond = "tickets_per_second"
        case tokensPerSecond = "tokens_per_second"
        case etaSeconds = "eta_seconds"
        case tokensIn = "tokens_in"
        case tokensOut = "tokens_out"
        case wallSeconds = "wall_seconds"
        case cpuSeconds = "cpu_seconds"
        case energyJoules = "energy_joules"
        case energyIsEstimate = "energy_is_estimate"
        case joulesPerTicket = "joules_per_ticket"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// A failed or rejected ticket and why.
public struct UnansweredFigures: Codable, Sendable, Equatable {
    public var job: String
    public var ticket: String
    /// `failed` or `rejected`.
    public var verdict: String
    /// Where its record starts in the input file.
    public var line: Int
    public var reason: String
    public var recordedAt: String

    enum CodingKeys: String, CodingKey {
        case job, ticket, verdict, line, reason
        case recordedAt = "recorded_at"
    }
}

public struct DomainFigures: Codable, Sendable, Equatable {
    /// The domain, or `(out of scope)`.
    public var domain: String
    public var tickets: Int
    public var flagged: Int
    public var flaggedRate: Double
    public var meanAuditScore: Double?
    public var latencyP50: Double
    public var latencyP95: Double
    public var tokensIn: Int
    public var tokensOut: Int

    enum CodingKeys: String, CodingKey {
        case domain, tickets, flagged
        case flaggedRate = "flagged_rate"
        case meanAuditScore = "mean_audit_score"
        case latencyP50 = "latency_p50"
        case latencyP95 = "latency_p95"
        case tokensIn = "tokens_in"
        case tokensOut = "tokens_out"
    }
}

public struct VolumeDay: Codable, Sendable, Equatable {
    /// `YYYY-MM-DD`, UTC.
    public var day: String
    public var byDomain: [NamedCount]
    public var total: Int

    enum CodingKeys: String, CodingKey {
        case day, total
        case byDomain = "by_domain"
    }
}

public struct ReviewFigures: Codable, Sendable, Equatable {
    /// As `apiary queue stats` counts them.
    public var total: Int
    public var byStatus: [NamedCount]
    /// Items waiting (pending or claimed) by age.
    public var backlog: [AgeBucket]
    public var medianSecondsToDecision: Double?
    public var reviewers: [ReviewerFigures]
    public var agreement: AgreementFigures

    enum CodingKeys: String, CodingKey {
        case total, backlog, reviewers, agreement
        case byStatus = "by_status"
        case medianSecondsToDecision = "median_seconds_to_decision"
    }
}

public struct AgeBucket: Codable, Sendable, Equatable {
    public var label: String
    public var count: Int
}

public struct ReviewerFigures: Codable, Sendable, Equatable {
    public var name: String
    public var approved: Int
    public var edited: Int
    public var rejected: Int
    public var decided: Int
    public var approvalRate: Double?
    /// Median seconds from claim to decision.
    public var medianSecondsHandling: Double?

    enum CodingKeys: String, CodingKey {
        case name, approved, edited, rejected, decided
        case approvalRate = "approval_rate"
        case medianSecondsHandling = "median_seconds_handling"
    }
}

/// How often the auditor's pass/fail (score ≥ threshold) matched the reviewer's accept/reject.
public struct AgreementFigures: Codable, Sendable, Equatable {
    public var threshold: Double
    /// Decided items that carry an audit score.
    public var decided: Int
    public var agreed: Int
    public var rate: Double?
    /// The auditor passed it and the reviewer rejected it.
    public var auditorPassedReviewerRejected: Int
    /// The auditor failed it and the reviewer approved (or edited) it.
    public var auditorFailedReviewerAccepted: Int

    enum CodingKeys: String, CodingKey {
        case threshold, decided, agreed, rate
        case auditorPassedReviewerRejected = "auditor_passed_reviewer_rejected"
        case auditorFailedReviewerAccepted = "auditor_failed_reviewer_accepted"
    }
}

public struct CostFigures: Codable, Sendable, Equatable {
    public var tickets: Int
    public var tokensIn: Int
    public var tokensOut: Int
    public var energyJoules: Double
    public var energyKilowattHours: Double
    /// `measured (RAPL)`, `estimate (CPU-seconds × W)` or `partly estimated`.
    public var energySource: String
    public var energyIsEstimate: Bool
    public var joulesPerTicket: Double?
    /// The same tokens at the configured cloud prices.
    public var cloudCost: Double
    public var energyCost: Double
    /// Days between the first and the last recorded ticket, at least one.
    public var observedDays: Double
    public var tokensPerDay: Double
    public var cloudCostPerMonth: Double
    public var energyCostPerMonth: Double
    public var savingsPerMonth: Double
    /// Hardware cost over monthly savings; nil when running locally saves nothing at this volume.
    public var paybackMonths: Double?
    /// The daily volume at which the hardware pays for itself in a year.
    public var tokensPerDayForOneYearPayback: Double?

    enum CodingKeys: String, CodingKey {
        case tickets
        case tokensIn = "tokens_in"
        case tokensOut = "tokens_out"
        case energyJoules = "energy_joules"
        case energyKilowattHours = "energy_kilowatt_hours"
        case energySource = "energy_source"
        case energyIsEstimate = "energy_is_estimate"
        case joulesPerTicket = "joules_per_ticket"
        case cloudCost = "cloud_cost"
        case energyCost = "energy_cost"
        case observedDays = "observed_days"
        case tokensPerDay = "tokens_per_day"
        case cloudCostPerMonth = "cloud_cost_per_month"
        case energyCostPerMonth = "energy_cost_per_month"
        case savingsPerMonth = "savings_per_month"
        case paybackMonths = "payback_months"
        case tokensPerDayForOneYearPayback = "tokens_per_day_for_one_year_payback"
    }
}
