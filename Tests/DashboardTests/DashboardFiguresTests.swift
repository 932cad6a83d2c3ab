import Foundation
@testable import Store
import XCTest
@testable import Dashboard

final class DashboardFiguresTests: XCTestCase {
    private func demo() throws -> (DemoStore, DashboardFigures) {
        let demo = try DemoStore.build(at: makeTemporaryDirectory(self).appendingPathComponent("apiary.db").path)
        let figures = try DashboardFigures(database: Database.openStoreForReading(path: demo.path), costs: CostSettings(), now: demo.end)
        return (demo, figures)
    }

    func testJobFiguresComeFromTheJobRecordsAndTheirFacts() throws {
        let (demo, figures) = try demo()
        let store = try BatchJobStore(database: Database(path: demo.path, access: .readOnly))
        let records = try store.jobs()
        XCTAssertEqual(figures.jobs.map(\.id), records.map(\.id))
        for (job, record) in zip(figures.jobs, records) {
            XCTAssertEqual([job.done, job.total, job.rejected], [record.done, record.total, record.rejected], job.id)
            let facts = try store.ticketFacts(job: job.id)
            XCTAssertEqual(job.verdicts.filter { $0.name != "rejected" }.map(\.count).reduce(0, +), facts.count)
            XCTAssertEqual(job.tokensIn, facts.map(\.tokensIn).reduce(0, +))
            let wall = facts.map(\.usage.wallSeconds).reduce(0, +)
            XCTAssertEqual(try XCTUnwrap(job.ticketsPerSecond), Double(facts.count) / wall, accuracy: 1e-9)
            XCTAssertEqual(job.energyJoules, facts.map(\.usage.cpuSeconds).reduce(0, +) * 65, accuracy: 1e-6, "CPU-seconds × 65 W")
            XCTAssertTrue(job.energyIsEstimate)
            XCTAssertEqual(job.etaSeconds != nil, record.status == .running)
        }
        let running = try XCTUnwrap(figures.jobs.first { $0.status == "running" })
        XCTAssertEqual(try XCTUnwrap(running.etaSeconds), Double(running.pending) / (running.ticketsPerSecond ?? 0), accuracy: 1e-9)
        XCTAssertEqual(running.models, [RoleModel(role: "auditor", model: "qwen2.5-0.5b"), RoleModel(role: "router", model: "minilm"),
                                        RoleModel(role: "specialist", model: "qwen2.5-1.5b")])
    }

    func testDomainFiguresAndVolumeCountEveryAnsweredTicketOnce() throws {
        let (_, figures) = try demo()
        let answered = figures.jobs.map { $0.verdicts.filter { $0.name != "rejected" }.map(\.count).reduce(0, +) }.reduce(0, +)
        XCTAssertEqual(figures.domains.map(\.tickets).reduce(0, +), answered)
        XCTAssertEqual(figures.volume.map(\.total).reduce(0, +), answered)
        XCTAssertGreaterThanOrEqual(figures.volume.count, 3, "the demo spans several days")
        for domain in figures.domains {
            XCTAssertLessThanOrEqual(domain.latencyP50, domain.latencyP95)
            XCTAssertEqual(domain.flaggedRate, Double(domain.flagged) / Double(domain.tickets), accuracy: 1e-12)
        }
        XCTAssertEqual(figures.domains.last?.domain, "(out of scope)", "out of scope comes after the domains")
        XCTAssertNil(figures.domains.last?.meanAuditScore)
    }

    /// SQLite sums, averages and ranks what a reader of every row would compute (the batch summary's percentile rule).
    func testTheStoresAggregatesEqualTheFiguresOfEveryTicketsFacts() throws {
        let (demo, figures) = try demo()
        let facts = try BatchJobStore(database: Database(path: demo.path, access: .readOnly)).ticketFacts()
        func percentile(_ sorted: [Double], _ p: Double) -> Double {
            sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
        }
        let byDomain = Dictionary(grouping: facts) { $0.domain ?? "(out of scope)" }
        XCTAssertEqual(Set(figures.domains.map(\.domain)), Set(byDomain.keys))
        for domain in figures.domains {
            let tickets = try XCTUnwrap(byDomain[domain.domain])
            let latencies = tickets.map(\.seconds).sorted()
            let scores = tickets.compactMap(\.auditScore)
            XCTAssertEqual(domain.tickets, tickets.count, domain.domain)
            XCTAssertEqual(domain.flagged, tickets.filter { $0.verdict == "flagged" }.count, domain.domain)
            XCTAssertEqual(domain.latencyP50, percentile(latencies, 0.5), domain.domain)
            XCTAssertEqual(domain.latencyP95, percentile(latencies, 0.95), domain.domain)
            XCTAssertEqual(domain.tokensIn, tickets.map(\.tokensIn).reduce(0, +), domain.domain)
            if scores.isEmpty {
                XCTAssertNil(domain.meanAuditScore)
            } else {
                XCTAssertEqual(try XCTUnwrap(domain.meanAuditScore), scores.reduce(0, +) / Double(scores.count), accuracy: 1e-12)
            }
        }
        let formatter = ISO8601DateFormatter()
        let byDay = Dictionary(grouping: facts) { String(formatter.string(from: $0.recordedAt).prefix(10)) }
        XCTAssertEqual(figures.volume.map(\.day), byDay.keys.sorted())
        for day in figures.volume {
            XCTAssertEqual(day.total, byDay[day.day]?.count, day.day)
        }
        XCTAssertEqual(figures.cost.tickets, facts.count)
    }

    func testFailedAndRejectedTicketsAreListedWithTheirReasons() throws {
        let (_, figures) = try demo()
        let failed = figures.jobs.map(\.failed).reduce(0, +)
        let rejected = figures.jobs.map(\.rejected).reduce(0, +)
        XCTAssertGreaterThan(failed, 0, "the demo has failed tickets")
        XCTAssertEqual(figures.unanswered.filter { $0.verdict == "failed" }.count, failed)
        XCTAssertEqual(figures.unanswered.filter { $0.verdict == "rejected" }.count, rejected)
        for ticket in figures.unanswered {
            XCTAssertEqual(ticket.reason, ticket.verdict == "failed" ? "specialist failed: the model ran out of context" : "the ticket text is empty")
        }
        XCTAssertEqual(figures.unanswered.map(\.recordedAt), figures.unanswered.map(\.recordedAt).sorted(by: >), "newest first")
        for job in figures.jobs {
            XCTAssertEqual(job.failed, job.verdicts.first { $0.name == "failed" }?.count ?? 0, job.id)
        }
    }

    func testReviewFiguresMatchTheQueueStatistics() throws {
        let (demo, figures) = try demo()
        let queue = try ReviewQueue(database: Database(path: demo.path, access: .readOnly))
        let statistics = try queue.statistics()
        XCTAssertEqual(figures.review.total, statistics.total)
        XCTAssertEqual(figures.review.medianSecondsToDecision, statistics.medianTimeToDecision)
        XCTAssertEqual(figures.review.reviewers.map(\.name), DemoStore.reviewers)
        let waiting = (statistics.byStatus[.pending] ?? 0) + (statistics.byStatus[.claimed] ?? 0)
        XCTAssertEqual(figures.review.backlog.map(\.count).reduce(0, +), waiting)
        let agreement = figures.review.agreement
        let scored = try queue.items().filter { $0.status.isDecided && $0.content.auditScore != nil }
        XCTAssertEqual(agreement.decided, scored.count)
        XCTAssertLessThan(agreement.decided, figures.review.reviewers.map(\.decided).reduce(0, +), "out-of-scope items have no score")
        XCTAssertEqual(agreement.agreed, scored.filter { ($0.content.auditScore ?? 0 >= 0.5) == ($0.status != .rejected) }.count)
        XCTAssertEqual(agreement.agreed + agreement.auditorFailedReviewerAccepted + agreement.auditorPassedReviewerRejected, agreement.decided)
    }

    func testCostsFollowFromTheTokensAndTheSettings() throws {
        let (_, figures) = try demo()
        let c = figures.cost
        let s = CostSettings()
        XCTAssertEqual(c.cloudCost, Double(c.tokensIn) / 1e6 * s.inputPricePerMillion + Double(c.tokensOut) / 1e6 * s.outputPricePerMillion, accuracy: 1e-12)
        XCTAssertEqual(c.energyCost, c.energyJoules / 3.6e6 * s.electricityPricePerKilowattHour, accuracy: 1e-12)
        XCTAssertTrue(c.energySource.hasPrefix("estimate"))
        XCTAssertGreaterThan(c.observedDays, 2)
        XCTAssertEqual(c.savingsPerMonth, c.cloudCostPerMonth - c.energyCostPerMonth, accuracy: 1e-9)
        if let payback = c.paybackMonths {
            XCTAssertEqual(payback * c.savingsPerMonth, s.hardwareCost, accuracy: 1e-6)
        } else {
            XCTAssertLessThanOrEqual(c.savingsPerMonth, 0)
        }
    }

    func testPaybackAtAHighVolume() {
        let span = FactsSpan(tickets: 2, first: Date(timeIntervalSince1970: 0), last: Date(timeIntervalSince1970: 86_400))
        var job = DashboardFigures.job(BatchJob(id: "j", swarm: "", input: "", inputBytes: 0, output: "", options: "", status: .finished,
                                                total: 2, rejected: 0, done: 2, failed: 0, lastSequence: 2, writtenSequence: 2, outputBytes: 0,
                                                createdAt: Date(), updatedAt: Date(), finishedAt: nil),
                                       verdicts: ["accepted": 2], sums: nil, costs: CostSettings())
        // 50 M tokens a day for one day, in and out alike, at 1 kWh a day.
        job.tokensIn = 25_000_000
        job.tokensOut = 25_000_000
        job.energyJoules = 3.6e6
        let cost = DashboardFigures.cost(jobs: [job], span: span, costs: CostSettings(hardwareCost: 10_000))
        let daily = 25 * 0.15 + 25 * 0.60 - 0.30
        XCTAssertEqual(cost.tokensPerDay, 50_000_000)
        XCTAssertEqual(try XCTUnwrap(cost.paybackMonths), 10_000 / (daily * 365.25 / 12), accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(cost.tokensPerDayForOneYearPayback), 10_000 / 365.25 / (daily / 50e6), accuracy: 1e-3)
    }

    func testAnEmptyStoreHasFiguresToo() throws {
        let path = try makeTemporaryDirectory(self).appendingPathComponent("empty.db").path
        _ = try ReviewQueue(path: path)
        let figures = try DashboardFigures(database: Database.openStoreForReading(path: path), costs: CostSettings())
        XCTAssertEqual(figures.jobs, [])
        XCTAssertNil(figures.cost.paybackMonths)
        XCTAssertTrue(DashboardPage(figures: figures).html.contains("nothing recorded yet"))
    }
}
