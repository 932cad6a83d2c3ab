import Foundation
import Inference
import Store

/// The end-of-job table: per domain, counts, mean audit score, flagged and
/// failed rates, latency percentiles and tokens, from the job's result records.
public struct BatchSummary: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public var domain: String
        public var tickets: Int
        public var meanScore: Double?
        public var flaggedRate: Double
        public var failed: Int
        /// Percentiles of the tickets' latencies (batch start to result), in seconds.
        public var latencyP50: Double
        public var latencyP95: Double
        public var tokensIn: Int
        public var tokensOut: Int

        enum CodingKeys: String, CodingKey {
            case domain, tickets, failed
            case meanScore = "mean_score"
            case flaggedRate = "flagged_rate"
            case latencyP50 = "latency_p50"
            case latencyP95 = "latency_p95"
            case tokensIn = "tokens_in"
            case tokensOut = "tokens_out"
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(domain, forKey: .domain)
            try container.encode(tickets, forKey: .tickets)
            try container.encode(meanScore, forKey: .meanScore)
            try container.encode(flaggedRate, forKey: .flaggedRate)
            try container.encode(failed, forKey: .failed)
            try container.encode(latencyP50, forKey: .latencyP50)
            try container.encode(latencyP95, forKey: .latencyP95)
            try container.encode(tokensIn, forKey: .tokensIn)
            try container.encode(tokensOut, forKey: .tokensOut)
        }
    }

    public var domains: [Row]
    /// Every ticket together.
    public var all: Row
    /// Tickets per verdict (`accepted`, `flagged`, `blocked`, `failed`, `rejected`; `unreadable`
    /// for lines an older version recorded).
    public var verdicts: [String: Int]

    /// Builds the summary from result lines (as `BatchJobStore.results` returns them).
    public init(resultLines: [String]) {
        var groups: [String: [ResultRecord]] = [:]
        var all: [ResultRecord] = []
        var verdicts: [String: Int] = [:]
        for line in resultLines {
            guard let record = try? RecordJSON.decode(ResultRecord.self, from: line) else {
                verdicts["unreadable", default: 0] += 1
                continue
            }
            verdicts[record.verdict.rawValue, default: 0] += 1
            let domain = record.verdict == .rejected ? "(rejected input)" : (record.domain ?? "(out of scope)")
            groups[domain, default: []].append(record)
            all.append(record)
        }
        domains = groups.keys.sorted().map { Self.row($0, groups[$0] ?? []) }
        self.all = Self.row("all", all)
        self.verdicts = verdicts
    }

    static func row(_ domain: String, _ records: [ResultRecord]) -> Row {
        let scores = records.compactMap { $0.audit?.score }
        // Rejected input never reached the swarm: it has no latency.
        let latencies = records.filter { $0.verdict != .rejected }.map(\.seconds).sorted()
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return latencies[min(latencies.count - 1, Int((Double(latencies.count - 1) * p).rounded()))]
        }
        return Row(domain: domain, tickets: records.count,
                   meanScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
                   flaggedRate: records.isEmpty ? 0 : Double(records.filter { $0.verdict == .flagged }.count) / Double(records.count),
                   failed: records.filter { $0.verdict == .failed }.count,
                   latencyP50: percentile(0.5), latencyP95: percentile(0.95),
                   tokensIn: records.reduce(0) { $0 + $1.tokensIn }, tokensOut: records.reduce(0) { $0 + $1.tokensOut })
    }

    /// A fixed-width table for the terminal; `prefixReuse`, this run's, is its last line.
    public func table(wallSeconds: Double, prefixReuse: PromptPrefixCache.Counters? = nil) -> String {
        var lines = ["domain              tickets  mean score  flagged  failed   p50 s   p95 s  tokens in  tokens out"]
        for row in domains + [all] {
            let score = row.meanScore.map { String(format: "%10.2f", $0) } ?? "         -"
            let name = row.domain.count >= 18 ? String(row.domain.prefix(18)) : row.domain.padding(toLength: 18, withPad: " ", startingAt: 0)
            lines.append(name + String(format: " %8d ", row.tickets) + score
                         + String(format: " %7.0f%% %7d %7.2f %7.2f %10d %11d", row.flaggedRate * 100, row.failed,
                                  row.latencyP50, row.latencyP95, row.tokensIn, row.tokensOut))
        }
        let verdictText = verdicts.keys.sorted().map { "\($0) \(verdicts[$0] ?? 0)" }.joined(separator: ", ")
        lines.append("verdicts: \(verdictText); wall time \(String(format: "%.1f", wallSeconds)) s")
        if let reuse = prefixReuse, reuse.hits + reuse.misses > 0 {
            lines.append("prompt prefixes: \(reuse.misses) computed, \(reuse.hits) reused, \(reuse.reusedTokens) prompt tokens not evaluated again")
        }
        return lines.joined(separator: "\n")
    }
}

/// What `apiary batch --json` prints when a run ends: the job's state and its summary.
public struct BatchReport: Sendable, Encodable {
    public var job: String
    public var status: String
    public var done: Int
    public var total: Int
    public var failed: Int
    public var wallSeconds: Double
    public var summary: BatchSummary
    /// What stored prompt prefixes saved in this run (not earlier runs of a resumed job).
    public var prefixReuse: PromptPrefixCache.Counters

    enum CodingKeys: String, CodingKey {
        case job, status, done, total, failed, summary
        case wallSeconds = "wall_seconds"
        case prefixReuse = "prefix_reuse"
    }

    public init(job: BatchJob, wallSeconds: Double, summary: BatchSummary, prefixReuse: PromptPrefixCache.Counters) {
        self.job = job.id
        status = job.status.rawValue
        done = job.done
        total = job.total
        failed = job.failed
        self.wallSeconds = wallSeconds
        self.summary = summary
        self.prefixReuse = prefixReuse
    }
}
