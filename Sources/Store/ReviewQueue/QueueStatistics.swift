import Foundation

/// Approved, edited and rejected counts for one group (a domain, a specialist, a reviewer).
public struct DecisionCounts: Sendable, Equatable {
    public var name: String
    public var approved = 0
    public var edited = 0
    public var rejected = 0

    public var decided: Int { approved + edited + rejected }
    /// Share of decisions that accepted an answer (as is or edited); nil before any decision.
    public var approvalRate: Double? { decided == 0 ? nil : Double(approved + edited) / Double(decided) }

    mutating func count(_ status: ReviewStatus) {
        switch status {
        case .approved: approved += 1
        case .edited: edited += 1
        case .rejected: rejected += 1
        case .pending, .claimed: break
        }
    }
}

/// What `apiary queue stats` reports.
public struct QueueStatistics: Sendable, Equatable {
    public var journalMode: JournalMode
    public var sqliteVersion: String
    public var total: Int
    public var byStatus: [ReviewStatus: Int]
    /// Per domain ("(none)" for items without one), counts by status, sorted by name.
    public var byDomain: [(domain: String, counts: [ReviewStatus: Int])]
    public var approvalByDomain: [DecisionCounts]
    public var approvalBySpecialist: [DecisionCounts]
    /// Median seconds from enqueue to decision.
    public var medianTimeToDecision: TimeInterval?
    public var reviewers: [(counts: DecisionCounts, medianHandlingTime: TimeInterval?)]

    public static func == (a: QueueStatistics, b: QueueStatistics) -> Bool {
        a.json == b.json
    }

    static let noDomain = "(none)"
}

extension ReviewQueue {
    /// Counts, approval rates and decision times over the whole queue.
    /// Reads only the columns it counts (never requests, answers or traces), so even a
    /// large queue is counted in one short read.
    public func statistics() throws -> QueueStatistics {
        let items = try database.query("""
            SELECT status, domain, specialist, decided_by, created_at, claimed_at, decided_at FROM review_items
            """).map(CountedItem.init(row:))
        var byStatus: [ReviewStatus: Int] = [:]
        var byDomain: [String: [ReviewStatus: Int]] = [:]
        var domainCounts: [String: DecisionCounts] = [:]
        var specialistCounts: [String: DecisionCounts] = [:]
        var reviewerCounts: [String: DecisionCounts] = [:]
        var reviewerTimes: [String: [TimeInterval]] = [:]
        var waits: [TimeInterval] = []
        for item in items {
            let domain = item.domain ?? QueueStatistics.noDomain
            byStatus[item.status, default: 0] += 1
            byDomain[domain, default: [:]][item.status, default: 0] += 1
            guard item.status.isDecided, let decidedAt = item.decidedAt else { continue }
            domainCounts[domain, default: DecisionCounts(name: domain)].count(item.status)
            let specialist = item.specialist ?? QueueStatistics.noDomain
            specialistCounts[specialist, default: DecisionCounts(name: specialist)].count(item.status)
            let reviewer = item.decidedBy ?? "?"
            reviewerCounts[reviewer, default: DecisionCounts(name: reviewer)].count(item.status)
            waits.append(decidedAt.timeIntervalSince(item.createdAt))
            if let claimedAt = item.claimedAt {
                reviewerTimes[reviewer, default: []].append(decidedAt.timeIntervalSince(claimedAt))
            }
        }
        let sortedByName = { (a: DecisionCounts, b: DecisionCounts) in a.name < b.name }
        return QueueStatistics(
            journalMode: database.journalMode,
            sqliteVersion: Database.libraryVersion,
            total: items.count,
            byStatus: byStatus,
            byDomain: byDomain.keys.sorted().map { ($0, byDomain[$0] ?? [:]) },
            approvalByDomain: domainCounts.values.sorted(by: sortedByName),
            approvalBySpecialist: specialistCounts.values.sorted(by: sortedByName),
            medianTimeToDecision: median(waits),
            reviewers: reviewerCounts.values.sorted(by: sortedByName).map { ($0, median(reviewerTimes[$0.name] ?? [])) })
    }
}

/// The columns of an item that the statistics count.
private struct CountedItem {
    var status: ReviewStatus
    var domain: String?
    var specialist: String?
    var decidedBy: String?
    var createdAt: Date
    var claimedAt: Date?
    var decidedAt: Date?

    init(row: Row) throws {
        func date(_ column: String) throws -> Date? { try row.get(column, as: Int64?.self).map(ReviewQueue.date) }
        status = ReviewStatus(rawValue: try row.get("status")) ?? .pending
        domain = try row.get("domain")
        specialist = try row.get("specialist")
        decidedBy = try row.get("decided_by")
        createdAt = try date("created_at") ?? Date(timeIntervalSince1970: 0)
        claimedAt = try date("claimed_at")
        decidedAt = try date("decided_at")
    }
}

/// The middle value (mean of the two middle values for an even count); nil when empty.
func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

extension QueueStatistics {
    /// The statistics as one JSON object (`apiary queue stats --json`).
    public var json: JSONValue {
        func counts(_ c: [ReviewStatus: Int]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: ReviewStatus.allCases.map { ($0.rawValue, .integer(Int64(c[$0] ?? 0))) }))
        }
        func decisions(_ c: DecisionCounts) -> JSONValue {
            .object(["approved": .integer(Int64(c.approved)), "edited": .integer(Int64(c.edited)),
                     "rejected": .integer(Int64(c.rejected)), "approval_rate": JSONValue(c.approvalRate)])
        }
        return .object([
            "journal_mode": .string(journalMode.rawValue),
            "sqlite_version": .string(sqliteVersion),
            "total": .integer(Int64(total)),
            "by_status": counts(byStatus),
            "by_domain": .object(Dictionary(uniqueKeysWithValues: byDomain.map { ($0.domain, counts($0.counts)) })),
            "approval_by_domain": .object(Dictionary(uniqueKeysWithValues: approvalByDomain.map { ($0.name, decisions($0)) })),
            "approval_by_specialist": .object(Dictionary(uniqueKeysWithValues: approvalBySpecialist.map { ($0.name, decisions($0)) })),
            "median_seconds_to_decision": JSONValue(medianTimeToDecision),
            "reviewers": .object(Dictionary(uniqueKeysWithValues: reviewers.map { entry in
                var object = decisions(entry.counts)
                if case .object(var members) = object {
                    members["median_seconds_handling"] = JSONValue(entry.medianHandlingTime)
                    object = .object(members)
                }
                return (entry.counts.name, object)
            })),
        ])
    }

    /// The statistics as aligned plain-text tables.
    public var report: String {
        var lines: [String] = []
        lines.append("database: \(JournalMode.explanation(mode: journalMode, libraryVersion: sqliteVersion))")
        lines.append("items: \(total)  " + ReviewStatus.allCases.map { "\($0.rawValue) \(byStatus[$0] ?? 0)" }.joined(separator: "  "))
        lines.append("median time to decision: \(Self.duration(medianTimeToDecision))")
        lines.append("")
        var table = [["domain"] + ReviewStatus.allCases.map(\.rawValue)]
        table += byDomain.map { entry in [entry.domain] + ReviewStatus.allCases.map { String(entry.counts[$0] ?? 0) } }
        lines += Self.align(table)
        for (title, groups) in [("domain", approvalByDomain), ("specialist", approvalBySpecialist)] where !groups.isEmpty {
            lines.append("")
            lines += Self.align([[title, "approved", "edited", "rejected", "approval"]] + groups.map(Self.decisionRow))
        }
        if !reviewers.isEmpty {
            lines.append("")
            lines += Self.align([["reviewer", "approved", "edited", "rejected", "approval", "median handling"]]
                + reviewers.map { Self.decisionRow($0.counts) + [Self.duration($0.medianHandlingTime)] })
        }
        return lines.joined(separator: "\n")
    }

    private static func decisionRow(_ c: DecisionCounts) -> [String] {
        [c.name, String(c.approved), String(c.edited), String(c.rejected),
         c.approvalRate.map { String(format: "%.0f%%", $0 * 100) } ?? "-"]
    }

    static func duration(_ seconds: TimeInterval?) -> String {
        guard let seconds else { return "-" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        if seconds < 3600 { return String(format: "%.1fm", seconds / 60) }
        if seconds < 86400 { return String(format: "%.1fh", seconds / 3600) }
        return String(format: "%.1fd", seconds / 86400)
    }

    /// Left-aligns the first column and right-aligns the rest.
    private static func align(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
