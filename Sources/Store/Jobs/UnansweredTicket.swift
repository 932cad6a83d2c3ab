import Foundation

/// A ticket of a job that got no answer: `failed` (an error while answering
/// it; the job went on) or `rejected` (bad input, never given to the swarm).
public struct UnansweredTicket: Sendable, Equatable {
    public var job: String
    public var ticket: String
    /// Where its record starts in the input file, and its place among the input's records.
    public var line: Int
    public var position: Int?
    /// `failed` or `rejected`.
    public var verdict: ResultRecord.Verdict
    /// Why, as its result record says.
    public var reason: String
    public var recordedAt: Date
}

extension BatchJobStore {
    /// The most recently recorded failed and rejected tickets of every job, newest first.
    public func unansweredTickets(limit: Int) throws -> [UnansweredTicket] {
        try database.query("""
            SELECT job_id, ticket, line, position, state, verdict, reason, result, updated_at FROM batch_items
            WHERE verdict IN ('failed', 'rejected') OR state = 'rejected'
            ORDER BY updated_at DESC, rowid DESC LIMIT ?
            """, max(0, limit)).map { row in
            let line: String? = try row.get("result")
            let record = line.flatMap { try? RecordJSON.decode(ResultRecord.self, from: $0) }
            let state: String = try row.get("state")
            let stored: String? = try row.get("verdict")
            let verdict = record?.verdict ?? stored.flatMap(ResultRecord.Verdict.init(rawValue:)) ?? (state == "rejected" ? .rejected : .failed)
            let rejection: String? = try row.get("reason")
            let because = record.map { $0.reasons.map(\.message).joined(separator: "; ") }.flatMap { $0.isEmpty ? nil : $0 }
            return UnansweredTicket(job: try row.get("job_id"), ticket: try row.get("ticket"), line: try row.get("line"),
                                    position: try row.get("position"), verdict: verdict,
                                    reason: because ?? rejection ?? "no reason recorded",
                                    recordedAt: Date(timeIntervalSince1970: Double(try row.get("updated_at", as: Int64.self)) / 1000))
        }
    }
}
