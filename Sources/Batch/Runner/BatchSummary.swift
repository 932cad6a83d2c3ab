import Foundation

/// The end-of-job table: per domain, counts, mean audit score, flagged rate,
/// latency percentiles and tokens, from the job's recorded results.
public struct BatchSummary: Sendable {
    public struct Row: Sendable {
        public var domain: String
        public var count: Int
        public var meanScore: Double?
        public var flaggedRate: Double
        public var latencyP50: Double
        public var latencyP95: Double
        public var tokensIn: Int
        public var tokensOut: Int
    }

    public var rows: [Row]
    public var total: Row
    public var verdicts: [String: Int]

    /// Builds the summary from result lines (as `BatchJobStore.results` returns them).
    public init(resultLines: [String]) {
        var groups: [String: [[String: Any]]] = [:]
        var all: [[String: Any]] = []
        var verdicts: [String: Int] = [:]
        for line in resultLines {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { continue }
            let verdict = object["verdict"] as? String ?? "unknown"
            verdicts[verdict, default: 0] += 1
            let domain = verdict == "rejected" ? "(rejected input)" : (object["domain"] as? String ?? "(out of scope)")
            groups[domain, default: []].append(object)
            all.append(object)
        }
        rows = groups.keys.sorted().map { Self.row($0, groups[$0] ?? []) }
        total = Self.row("all", all)
        self.verdicts = verdicts
    }

    static func row(_ domain: String, _ results: [[String: Any]]) -> Row {
        let scores = results.compactMap { $0["score"] as? Double }
        let latencies = results.compactMap { $0["seconds"] as? Double }.sorted()
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return latencies[min(latencies.count - 1, Int((Double(latencies.count - 1) * p).rounded()))]
        }
        return Row(domain: domain, count: results.count,
                   meanScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
                   flaggedRate: results.isEmpty ? 0 : Double(results.filter { $0["verdict"] as? String == "flagged" }.count) / Double(results.count),
                   latencyP50: percentile(0.5), latencyP95: percentile(0.95),
                   tokensIn: results.reduce(0) { $0 + ($1["tokens_in"] as? Int ?? 0) },
                   tokensOut: results.reduce(0) { $0 + ($1["tokens_out"] as? Int ?? 0) })
    }

    /// A fixed-width table for the terminal.
    public func table(wallSeconds: Double) -> String {
        var lines = ["domain              tickets  mean score  flagged   p50 s   p95 s  tokens in  tokens out"]
        for row in rows + [total] {
            let score = row.meanScore.map { String(format: "%10.2f", $0) } ?? "         -"
            let name = row.domain.count >= 18 ? String(row.domain.prefix(18)) : row.domain.padding(toLength: 18, withPad: " ", startingAt: 0)
            lines.append(name + String(format: " %8d ", row.count) + score
                         + String(format: " %7.0f%% %7.2f %7.2f %10d %11d", row.flaggedRate * 100, row.latencyP50, row.latencyP95, row.tokensIn, row.tokensOut))
        }
        let verdictText = verdicts.keys.sorted().map { "\($0) \(verdicts[$0] ?? 0)" }.joined(separator: ", ")
        lines.append("verdicts: \(verdictText); wall time \(String(format: "%.1f", wallSeconds)) s")
        return lines.joined(separator: "\n")
    }

    public var jsonObject: [String: Any] {
        func object(_ row: Row) -> [String: Any] {
            ["domain": row.domain, "tickets": row.count, "mean_score": row.meanScore.map { $0 as Any } ?? NSNull(),
             "flagged_rate": row.flaggedRate, "latency_p50": row.latencyP50, "latency_p95": row.latencyP95,
             "tokens_in": row.tokensIn, "tokens_out": row.tokensOut]
        }
        return ["domains": rows.map(object), "total": object(total), "verdicts": verdicts]
    }
}
