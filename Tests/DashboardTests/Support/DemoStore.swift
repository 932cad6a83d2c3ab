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
/// flagged answers in the review queue, three reviewers' decisions.
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
        var flagged: [Int64] = []

        func run(_ id: String, tickets: Int, answered: Int, rejected: Int, status: BatchJob.Status, spacing: TimeInterval) throws {
            _ = try jobs.createJob(id: id, swarm: "swarms/support.toml", input: "\(id).csv", inputBytes: 1000, output: "\(id).jsonl", options: "{}")
            try jobs.register(job: id, tickets: (1...tickets).map { ("\(id)-t\($0)", $0 + 1) })
            try jobs.register(job: id, tickets: (0..<rejected).map { ("bad\($0)@line\($0 + 900)", 0) })
            try jobs.record(job: id, results: (0..<rejected).map { ("bad\($0)@line\($0 + 900)", #"{"verdict":"rejected"}"#, "empty ticket") })
            try jobs.setStatus(id, .running)
            for number in 1...answered {
                clock.advance(by: spacing)
                let ticket = "\(id)-t\(number)"
                let roll = Int(random.next() % 20)
                let domain: String? = roll == 0 ? nil : domains[roll % domains.count]
                let score = domain == nil ? nil : Double(random.next() % 100) / 100
                let verdict = roll == 19 ? "blocked" : (score ?? 0) < 0.5 ? "flagged" : "accepted"
                let tokensIn = 200 + Int(random.next() % 300)
                let tokensOut = verdict == "blocked" ? 0 : 20 + Int(random.next() % 120)
                let seconds = 0.5 + Double(random.next() % 400) / 100
                let line = JSONValue.object([
                    "id": .string(ticket), "domain": JSONValue(domain), "verdict": .string(verdict), "score": JSONValue(score),
                    "tokens_in": .integer(Int64(tokensIn)), "tokens_out": .integer(Int64(tokensOut)), "seconds": .number(seconds),
                ]).jsonText
                try database.transaction {
                    try jobs.record(job: id, results: [(ticket, line, nil)])
                    try jobs.record(TicketFacts(
                        job: id, ticket: ticket, domain: domain, verdict: verdict, auditScore: score, tokensIn: tokensIn, tokensOut: tokensOut,
                        seconds: seconds, usage: ResourceUsage(wallSeconds: seconds * 0.6, cpuSeconds: seconds * 1.1, energyJoules: nil),
                        models: ["router": "minilm", "specialist": "qwen2.5-1.5b", "auditor": "qwen2.5-0.5b"]))
                    if verdict == "flagged" {
                        if case .added(let item) = try queue.enqueue(NewReviewItem(
                            source: ReviewSource(job: id, ticket: ticket), request: "Ticket \(ticket)", answer: "An answer",
                            domain: domain, auditScore: score, reasons: ["audit score below 0.5"], verdict: "flagged")) {
                            flagged.append(item)
                        }
                    }
                }
            }
            try jobs.setStatus(id, status)
        }

        try run("job-a-finished", tickets: 48, answered: 48, rejected: 2, status: .finished, spacing: 3600)
        try run("job-b-interrupted", tickets: 12, answered: 5, rejected: 0, status: .interrupted, spacing: 1800)
        try run("job-c-running", tickets: 40, answered: 25, rejected: 1, status: .running, spacing: 1200)

        // Reviewers decide about two thirds of the flagged items; the rest wait.
        for (index, item) in flagged.enumerated() where index % 3 != 2 {
            let reviewer = reviewers[(index / 3) % reviewers.count]
            let claim = try queue.claim(itemID: item, reviewer: reviewer, lease: 900)
            clock.advance(by: Double(60 + index * 7))
            switch index % 4 {
            case 0, 1: _ = try queue.approve(claim.lease)
            case 2: _ = try queue.edit(claim.lease, newAnswer: "A better answer")
            default: _ = try queue.reject(claim.lease, reason: "wrong policy")
            }
        }
        if let waiting = flagged.enumerated().last(where: { $0.offset % 3 == 2 })?.element {
            _ = try queue.claim(itemID: waiting, reviewer: "ana", lease: 900)
        }
        return DemoStore(path: path, end: clock.now)
    }
}
