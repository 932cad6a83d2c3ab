import Foundation
import Store

extension DashboardFigures {
    /// Reads the store (see `StoreSnapshot`) and computes every figure.
    public init(database: Database, costs: CostSettings, auditThreshold: Double = 0.5, now: Date = Date()) throws {
        self.init(snapshot: try StoreSnapshot.read(database, auditThreshold: auditThreshold), costs: costs, now: now)
    }

    init(snapshot: StoreSnapshot, costs: CostSettings, now: Date) {
        generatedAt = Self.timestamp(now)
        store = StoreFigures(path: snapshot.path, journalMode: snapshot.journalMode.rawValue,
                             sqliteVersion: snapshot.statistics.sqliteVersion)
        jobs = snapshot.jobs.map { job in
            Self.job(job, verdicts: snapshot.verdicts[job.id] ?? [:], sums: snapshot.jobFacts[job.id], costs: costs)
        }
        unanswered = snapshot.unanswered.map { ticket in
            UnansweredFigures(job: ticket.job, ticket: ticket.ticket, verdict: ticket.verdict.rawValue, line: ticket.line,
                              reason: ticket.reason, recordedAt: Self.timestamp(ticket.recordedAt))
        }
        domains = snapshot.domains.map(Self.domain)
        volume = Self.volume(snapshot.volume)
        review = Self.review(snapshot, now: now)
        cost = Self.cost(jobs: jobs, span: snapshot.span, costs: costs)
        settings = costs
    }

    /// A job's figures from its record, its tickets' verdicts and its sums.
    static func job(_ job: BatchJob, verdicts counted: [String: Int], sums: JobFacts?, costs: CostSettings) -> JobFigures {
        var verdicts = counted
        if job.rejected > 0 { verdicts["rejected"] = job.rejected }
        let usage = sums?.usage ?? ResourceUsage()
        let answered = counted.values.reduce(0, +)
        let pace = usage.wallSeconds > 0 && answered > 0 ? Double(answered) / usage.wallSeconds : nil
        let tokens = (sums?.tokensIn ?? 0) + (sums?.tokensOut ?? 0)
        let joules = usage.energyJoules ?? usage.cpuSeconds * costs.watts
        return JobFigures(
            id: job.id, status: job.status.rawValue, done: job.done, total: job.total, pending: job.pending, rejected: job.rejected,
            failed: job.failed, verdicts: named(verdicts), ticketsPerSecond: pace,
            tokensPerSecond: usage.wallSeconds > 0 ? Double(tokens) / usage.wallSeconds : nil,
            etaSeconds: job.status == .running ? pace.map { Double(job.pending) / $0 } : nil,
            tokensIn: sums?.tokensIn ?? 0, tokensOut: sums?.tokensOut ?? 0, wallSeconds: usage.wallSeconds, cpuSeconds: usage.cpuSeconds,
            energyJoules: joules, energyIsEstimate: usage.energyJoules == nil, joulesPerTicket: answered > 0 ? joules / Double(answered) : nil,
            models: (sums?.models ?? [:]).sorted { $0.key < $1.key }.map { RoleModel(role: $0.key, model: $0.value) },
            createdAt: timestamp(job.createdAt), updatedAt: timestamp(job.updatedAt))
    }

    static let outOfScope = "(out of scope)"

    static func domain(_ facts: DomainFacts) -> DomainFigures {
        DomainFigures(domain: facts.domain ?? outOfScope, tickets: facts.tickets, flagged: facts.flagged,
                      flaggedRate: facts.tickets == 0 ? 0 : Double(facts.flagged) / Double(facts.tickets),
                      meanAuditScore: facts.meanAuditScore, latencyP50: facts.latencyP50, latencyP95: facts.latencyP95,
                      tokensIn: facts.tokensIn, tokensOut: facts.tokensOut)
    }

    static func volume(_ rows: [DailyVolume]) -> [VolumeDay] {
        var days: [VolumeDay] = []
        for row in rows {
            if days.last?.day != row.day { days.append(VolumeDay(day: row.day, byDomain: [], total: 0)) }
            days[days.count - 1].byDomain.append(NamedCount(name: row.domain ?? outOfScope, count: row.tickets))
            days[days.count - 1].total += row.tickets
        }
        return days
    }

    static let backlogBuckets: [(label: String, below: TimeInterval)] = [
        ("under 1 h", 3600), ("1–24 h", 86_400), ("1–7 days", 7 * 86_400), ("over 7 days", .infinity),
    ]

    static func review(_ snapshot: StoreSnapshot, now: Date) -> ReviewFigures {
        let statistics = snapshot.statistics
        var backlog = backlogBuckets.map { AgeBucket(label: $0.label, count: 0) }
        for created in snapshot.waitingSince {
            let age = now.timeIntervalSince(created)
            backlog[backlogBuckets.firstIndex { age < $0.below } ?? backlog.count - 1].count += 1
        }
        let a = snapshot.agreement
        return ReviewFigures(
            total: statistics.total,
            byStatus: ReviewStatus.allCases.map { NamedCount(name: $0.rawValue, count: statistics.byStatus[$0] ?? 0) },
            backlog: backlog, medianSecondsToDecision: statistics.medianTimeToDecision,
            reviewers: statistics.reviewers.map { counts, handling in
                ReviewerFigures(name: counts.name, approved: counts.approved, edited: counts.edited, rejected: counts.rejected,
                                decided: counts.decided, approvalRate: counts.approvalRate, medianSecondsHandling: handling)
            },
            agreement: AgreementFigures(threshold: a.threshold, decided: a.decided, agreed: a.agreed, rate: a.rate,
                                        auditorPassedReviewerRejected: a.passedButRejected,
                                        auditorFailedReviewerAccepted: a.failedButAccepted))
    }

    static let daysPerMonth = 365.25 / 12

    static func cost(jobs: [JobFigures], span: FactsSpan, costs: CostSettings) -> CostFigures {
        let tokensIn = jobs.reduce(0) { $0 + $1.tokensIn }
        let tokensOut = jobs.reduce(0) { $0 + $1.tokensOut }
        let joules = jobs.reduce(0) { $0 + $1.energyJoules }
        let estimated = jobs.filter { $0.energyIsEstimate && $0.energyJoules > 0 }.count
        let measured = jobs.filter { !$0.energyIsEstimate }.count
        let source = measured == 0 ? "estimate (CPU-seconds × \(String(format: "%g", costs.watts)) W)"
            : estimated == 0 ? "measured (RAPL)" : "partly estimated (RAPL where readable, else CPU-seconds × \(String(format: "%g", costs.watts)) W)"
        let kWh = joules / 3.6e6
        let cloud = Double(tokensIn) / 1e6 * costs.inputPricePerMillion + Double(tokensOut) / 1e6 * costs.outputPricePerMillion
        let energyCost = kWh * costs.electricityPricePerKilowattHour
        let seconds = span.first.flatMap { first in span.last.map { $0.timeIntervalSince(first) } } ?? 0
        let days = max(1, seconds / 86_400)
        let savingsPerMonth = (cloud - energyCost) / days * daysPerMonth
        let tokens = Double(tokensIn + tokensOut)
        let savingPerToken = tokens > 0 ? (cloud - energyCost) / tokens : 0
        return CostFigures(
            tickets: span.tickets, tokensIn: tokensIn, tokensOut: tokensOut, energyJoules: joules, energyKilowattHours: kWh,
            energySource: source, energyIsEstimate: measured == 0 || estimated > 0,
            joulesPerTicket: span.tickets == 0 ? nil : joules / Double(span.tickets),
            cloudCost: cloud, energyCost: energyCost, observedDays: days, tokensPerDay: tokens / days,
            cloudCostPerMonth: cloud / days * daysPerMonth, energyCostPerMonth: energyCost / days * daysPerMonth,
            savingsPerMonth: savingsPerMonth, paybackMonths: savingsPerMonth > 0 ? costs.hardwareCost / savingsPerMonth : nil,
            tokensPerDayForOneYearPayback: savingPerToken > 0 ? costs.hardwareCost / 365.25 / savingPerToken : nil)
    }

    /// Counts sorted by name.
    static func named(_ counts: [String: Int]) -> [NamedCount] {
        counts.sorted { $0.key < $1.key }.map { NamedCount(name: $0.key, count: $0.value) }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

extension DashboardFigures {
    /// The figures as one line of JSON (`/figures.json`, `apiary report --json`), through the store's one encoder.
    public var json: String {
        // Encoding these plain value types cannot fail.
        ((try? RecordJSON.line(self)) ?? "{}") + "\n"
    }
}
