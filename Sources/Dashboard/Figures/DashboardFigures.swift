/// Every number the dashboard shows, computed once: the page, the report and
/// `/figures.json` all render this one value (JSON keys are its names in snake_case).
public struct DashboardFigures: Codable, Sendable, Equatable {
    /// ISO 8601, UTC.
    public var generatedAt: String
    public var store: StoreFigures
    public var jobs: [JobFigures]
    public var domains: [DomainFigures]
    /// Answered tickets per day (UTC) and domain, oldest first.
    public var volume: [VolumeDay]
    public var review: ReviewFigures
    public var cost: CostFigures
    public var settings: CostSettings
}

/// A name and a count: JSON keeps names as given (a dictionary's keys would be snake_cased by the encoder).
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
}

public struct JobFigures: Codable, Sendable, Equatable {
    public var id: String
    public var status: String
    public var done: Int
    public var total: Int
    public var pending: Int
    public var rejected: Int
    /// Verdicts of answered tickets (`accepted`, `flagged`, `blocked`, `failed`), plus `rejected` input.
    public var verdicts: [NamedCount]
    public var failed: Int
    public var ticketsPerSecond: Double?
    public var tokensPerSecond: Double?
    /// Seconds left at the job's own pace; only for a running job.
    public var etaSeconds: Double?
    public var tokensIn: Int
    public var tokensOut: Int
    public var wallSeconds: Double
    public var cpuSeconds: Double
    public var energyJoules: Double
    public var energyIsEstimate: Bool
    public var models: [RoleModel]
    public var createdAt: String
    public var updatedAt: String
}

public struct DomainFigures: Codable, Sendable, Equatable {
    public var domain: String
    public var tickets: Int
    public var flagged: Int
    public var flaggedRate: Double
    public var meanAuditScore: Double?
    public var latencyP50: Double
    public var latencyP95: Double
    public var tokensIn: Int
    public var tokensOut: Int
}

public struct VolumeDay: Codable, Sendable, Equatable {
    /// `YYYY-MM-DD`, UTC.
    public var day: String
    public var byDomain: [NamedCount]
    public var total: Int
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
    public var medianSecondsHandling: Double?
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
}
