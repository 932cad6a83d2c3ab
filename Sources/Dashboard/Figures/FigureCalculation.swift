import Foundation
import Store

extension DashboardFigures {
    /// Reads the store (see `StoreSnapshot`) and computes every figure.
    public init(database: Database, costs: CostSettings, auditThreshold: Double = 0.5, now: Date = Date()) throws {
        self.init(snapshot: try StoreSnapshot.read(database), costs: costs, auditThreshold: auditThreshold, now: now)
    }

    init(snapshot: StoreSnapshot, costs: CostSettings, auditThreshold: Double, now: Date) {
        generatedAt = Self.timestamp(now)
        store = StoreFigures(path: snapshot.path, journalMode: snapshot.journalMode.rawValue,
                             sqliteVersion: snapshot.statistics.sqliteVersion)
        let factsByJob = Dictionary(grouping: snapshot.ticketFacts, by: \.job)
        jobs = snapshot.jobs.map { job in
            Self.job(job, facts: factsByJob[job.id] ?? [], sums: snapshot.jobFacts[job.id], costs: costs)
        }
        domains = Self.domains(snapshot.ticketFacts)
        volume = Self.volume(snapshot.ticketFacts)
        review = Self.review(snapshot, threshold: auditThreshold, now: now)
        cost = Self.cost(jobs: jobs, facts: snapshot.ticketFacts, costs: costs)
        settings = costs
    }

    static func job(_ job: BatchJob, facts: [TicketFacts], sums: JobFacts?, costs: CostSettings) -> JobFigures {
        var verdicts = Dictionary(grouping: facts, by: \.verdict).mapValues(\.count)
        if job.rejected > 0 { verdicts["rejected"] = job.rejected }
        let usage = sums?.usage ?? ResourceUsage()
        let answered = facts.count
        let pace = usage.wallSeconds > 0 && answered > 0 ? Double(answered) / usage.wallSeconds : nil
        let tokens = (sums?.tokensIn ?? 0) + (sums?.tokensOut ?? 0)
        return JobFigures(
            id: job.id, status: job.status.rawValue, done: job.done, total: job.total, pending: job.pending, rejected: job.rejected,
            verdicts: named(verdicts), failed: verdicts["failed"] ?? 0, ticketsPerSecond: pace,
            tokensPerSecond: usage.wallSeconds > 0 ? Double(tokens) / usage.wallSeconds : nil,
            etaSeconds: job.status == .running ? pace.map { Double(job.pending) / $0 } : nil,
            tokensIn: sums?.tokensIn ?? 0, tokensOut: sums?.tokensOut ?? 0, wallSeconds: usage.wallSeconds, cpuSeconds: usage.cpuSeconds,
            energyJoules: usage.energyJoules ?? usage.cpuSeconds * costs.watts, energyIsEstimate: usage.energyJoules == nil,
            models: (sums?.models ?? [:]).sorted { $0.key < $1.key }.map { RoleModel(role: $0.key, model: $0.value) }, createdAt: timestamp(job.createdAt), updatedAt: timestamp(job.updatedAt))
    }

    static let outOfScope = "(out of scope)"

    static func domains(_ facts: [TicketFacts]) -> [DomainFigures] {
        Dictionary(grouping: facts) { $0.domain ?? outOfScope }.sorted { $0.key < $1.key }.map { domain, facts in
            let scores = facts.compactMap(\.auditScore)
            let latencies = facts.map(\.seconds).sorted()
            let flagged = facts.filter { $0.verdict == "flagged" }.count
            return DomainFigures(domain: domain, tickets: facts.count, flagged: flagged, flaggedRate: Double(flagged) / Double(facts.count),
                                 meanAuditScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
                                 latencyP50: percentile(latencies, 0.5), latencyP95: percentile(latencies, 0.95),
                                 tokensIn: facts.reduce(0) { $0 + $1.tokensIn }, tokensOut: facts.reduce(0) { $0 + $1.tokensOut })
        }
    }

    /// Nearest-rank percentile of sorted values (0 when empty), as the batch summary computes it.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    static func volume(_ facts: [TicketFacts]) -> [VolumeDay] {
        Dictionary(grouping: facts) { day($0.recordedAt) }.sorted { $0.key < $1.key }.map { day, facts in
            VolumeDay(day: day, byDomain: named(Dictionary(grouping: facts) { $0.domain ?? outOfScope }.mapValues(\.count)), total: facts.count)
        }
    }

    static let backlogBuckets: [(label: String, below: TimeInterval)] = [
        ("under 1 h", 3600), ("1–24 h", 86_400), ("1–7 days", 7 * 86_400), ("over 7 days", .infinity),
    ]

    static func review(_ snapshot: StoreSnapshot, threshold: Double, now: Date) -> ReviewFigures {
        let statistics = snapshot.statistics
        var backlog = backlogBuckets.map { AgeBucket(label: $0.label, count: 0) }
        var agreement = AgreementFigures(threshold: threshold, decided: 0, agreed: 0, rate: nil,
                                         auditorPassedReviewerRejected: 0, auditorFailedReviewerAccepted: 0)
        for item in snapshot.items {
            if !item.status.isDecided {
                let age = now.timeIntervalSince(item.createdAt)
                backlog[backlogBuckets.firstIndex { age < $0.below } ?? backlog.count - 1].count += 1
            } else if let score = item.content.auditScore {
                let passed = score >= threshold
                let accepted = item.status != .rejected
                agreement.decided += 1
                if passed == accepted { agreement.agreed += 1 }
                if passed && !accepted { agreement.auditorPassedReviewerRejected += 1 }
                if !passed && accepted { agreement.auditorFailedReviewerAccepted += 1 }
            }
        }
        if agreement.decided > 0 { agreement.rate = Double(agreement.agreed) / Double(agreement.decided) }
        return ReviewFigures(
            total: statistics.total,
            byStatus: ReviewStatus.allCases.map { NamedCount(name: $0.rawValue, count: statistics.byStatus[$0] ?? 0) },
            backlog: backlog, medianSecondsToDecision: statistics.medianTimeToDecision,
            reviewers: statistics.reviewers.map { counts, handling in
                ReviewerFigures(name: counts.name, approved: counts.approved, edited: counts.edited, rejected: counts.rejected,
                                decided: counts.decided, approvalRate: counts.approvalRate, medianSecondsHandling: handling)
            },
            agreement: agreement)
    }

    static let daysPerMonth = 365.25 / 12

    static func cost(jobs: [JobFigures], facts: [TicketFacts], costs: CostSettings) -> CostFigures {
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
        let span = (facts.map(\.recordedAt).max() ?? Date()).timeIntervalSince(facts.map(\.recordedAt).min() ?? Date())
        let days = max(1, span / 86_400)
        let savingsPerMonth = (cloud - energyCost) / days * daysPerMonth
        let tokens = Double(tokensIn + tokensOut)
        let savingPerToken = tokens > 0 ? (cloud - energyCost) / tokens : 0
        return CostFigures(
            tickets: facts.count, tokensIn: tokensIn, tokensOut: tokensOut, energyJoules: joules, energyKilowattHours: kWh,
            energySource: source, energyIsEstimate: measured == 0 || estimated > 0,
            joulesPerTicket: facts.isEmpty ? nil : joules / Double(facts.count),
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

    static func day(_ date: Date) -> String {
        String(timestamp(date).prefix(10))
    }
}

extension DashboardFigures {
    /// The figures as JSON (`/figures.json`, `apiary report --json`): keys sorted, snake_case.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding these plain value types cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }
}
