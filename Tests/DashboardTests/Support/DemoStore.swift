import ApiaryTestSupport
import Foundation
import Store

/// A clock the demo moves by hand.
final class DemoClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current += seconds }
    }
}

/// A demo-sized deployment database built through the store's own APIs, as
/// `apiary batch` and reviewers would fill it: three jobs (finished, running,
/// interrupted) over five days, four domains and out-of-scope tickets,
/// failed, blocked and rejected tickets, flagged and failed ones in the
/// review queue, three reviewers' decisions.
struct DemoStore {
    let path: String
    /// When the last thing happened; figures are computed "now" = this.
    let end: Date

    static let domains = ["billing", "shipping", "returns", "technical"]
    static let reviewers = ["ana", "ben", "chen"]

    static func build(at path: String, endingAt end: Date = Date()) throws -> DemoStore {
        let clock = DemoClock(end.addingTimeInterval(-5 * 86_400))
        let database = try Database(path: path)
        let jobs = try BatchJobStore(database: database, clock: { clock.now })
        let queue = try ReviewQueue(database: database, clock: { clock.now })
        var random = SplitMix64(seed: 15)
        var queued: [Int64] = []

        func run(_ id: String, tickets: Int, answered: Int, rejected: Int, status: BatchJob.Status, spacing: TimeInterval) throws {
            _ = try jobs.createJob(id: id, swarm: "swarms/support.toml", input: "\(id).csv", inputBytes: 1000, output: "\(id).jsonl", options: "{}")
            try jobs.register(job: id, tickets: (1...tickets).map { RegisteredTicket(ticket: "\(id)-t\($0)", line: $0 + 1, position: $0) })
            let bad = (0..<rejected).map { (key: "bad\($0)@line\($0 + 900)", line: $0 + 900, position: tickets + $0 + 1) }
            try jobs.register(job: id, tickets: bad.map { RegisteredTicket(ticket: $0.key, line: $0.line, position: $0.position) })
            try jobs.record(job: id, results: try bad.map { entry in
                let record = ResultRecord(id: nil, job: id, position: entry.position, line: entry.line, request: "", verdict: .rejected,
                                          reasons: [.init(rule: "rejected_input", message: "the ticket text is empty")])
                return TicketOutcome(ticket: entry.key, line: try RecordJSON.line(record), verdict: "rejected", rejectedBecause: "the ticket text is empty")
            })
            try jobs.setStatus(id, .running)
            for number in 1...answered {
                clock.advance(by: spacing)
                let ticket = "\(id)-t\(number)"
                let roll = Int(random.next() % 20)
                let domain: String? = roll == 0 ? nil : domains[roll % domains.count]
                let failed = roll == 18 && number % 2 == 0
                let score = domain == nil || failed ? nil : Double(random.next() % 100) / 100
                let verdict: ResultRecord.Verdict = failed ? .failed : roll == 19 ? .blocked : (score ?? 0) < 0.5 ? .flagged : .accepted
                let tokensIn = 200 + Int(random.next() % 300)
                let tokensOut = verdict == .blocked || verdict == .failed ? 0 : 20 + Int(random.next() % 120)
                let seconds = 0.5 + Double(random.next() % 400) / 100
                let record = ResultRecord(
                    id: ticket, job: id, position: number, line: number + 1, request: "Ticket \(ticket)", domain: domain,
                    specialist: domain, answer: verdict == .blocked || verdict == .failed ? nil : "An answer",
                    audit: score.map { ResultRecord.Audit(score: $0, method: "yes_no", distribution: ["yes": $0, "no": 1 - $0],
                                                          reasons: $0 < 0.5 ? ["audit score below 0.5"] : [], seconds: 0.2, promptTokens: 150) },
                    verdict: verdict,
                    reasons: failed ? [.init(rule: "failure", message: "specialist failed: the model ran out of context")] : [],
                    seconds: seconds, tokensIn: tokensIn, tokensOut: tokensOut)
                try database.transaction {
                    try jobs.record(job: id, results: [TicketOutcome(ticket: ticket, line: try RecordJSON.line(record), verdict: verdict.rawValue)])
                    try jobs.record(TicketFacts(
                        job: id, ticket: ticket, domain: domain, verdict: verdict.rawValue, auditScore: score, tokensIn: tokensIn, tokensOut: tokensOut,
                        seconds: seconds, usage: ResourceUsage(wallSeconds: seconds * 0.6, cpuSeconds: seconds * 1.1, energyJoules: nil),
                        models: ["router": "minilm", "specialist": "qwen2.5-1.5b", "auditor": "qwen2.5-0.5b"]))
                    if verdict == .flagged || verdict == .failed, case .added(let item) = try queue.enqueue(NewReviewItem(record)) {
                        queued.append(item)
                    }
                }
            }
            try jobs.setStatus(id, status)
        }

        try run("job-a-finished", tickets: 48, answered: 48, rejected: 2, status: .finished, spacing: 3600)
        try run("job-b-interrupted", tickets: 12, answered: 5, rejected: 0, status: .interrupted, spacing: 1800)
        try run("job-c-running", tickets: 40, answered: 25, rejected: 1, status: .running, spacing: 1200)

        // Reviewers decide about two thirds of the queued items; the rest wait.
        for (index, item) in queued.enumerated() where index % 3 != 2 {
            let reviewer = reviewers[(index / 3) % reviewers.count]
            let claim = try queue.claim(itemID: item, reviewer: reviewer, lease: 900)
            clock.advance(by: Double(60 + index * 7))
            switch index % 4 {
            case 0, 1: _ = try queue.approve(claim.lease)
            case 2: _ = try queue.edit(claim.lease, newAnswer: "A better answer")
            default: _ = try queue.reject(claim.lease, reason: "wrong policy")
            }
        }
        if let waiting = queued.enumerated().last(where: { $0.offset % 3 == 2 })?.element {
            _ = try queue.claim(itemID: waiting, reviewer: "ana", lease: 900)
        }
        return DemoStore(path: path, end: clock.now)
    }
}
