import Foundation

/// How often the auditor's pass or fail (score ≥ threshold) matched the
/// reviewer's decision (approved or edited: accepted; rejected), over decided
/// items that carry an audit score.
public struct AuditorAgreement: Sendable, Equatable {
    public var threshold: Double
    public var decided: Int
    public var agreed: Int
    /// The auditor passed the answer and the reviewer rejected it.
    public var passedButRejected: Int
    /// The auditor failed the answer and the reviewer accepted it (as is or edited).
    public var failedButAccepted: Int

    public init(threshold: Double, decided: Int = 0, agreed: Int = 0, passedButRejected: Int = 0, failedButAccepted: Int = 0) {
        self.threshold = threshold
        self.decided = decided
        self.agreed = agreed
        self.passedButRejected = passedButRejected
        self.failedButAccepted = failedButAccepted
    }

    /// nil before any scored decision.
    public var rate: Double? { decided == 0 ? nil : Double(agreed) / Double(decided) }
}

extension ReviewQueue {
    /// When each waiting item (pending or claimed) was queued, oldest first.
    public func waitingSince() throws -> [Date] {
        try database.query("SELECT created_at FROM review_items WHERE status IN ('pending', 'claimed') ORDER BY created_at")
            .map { ReviewQueue.date(try $0.get("created_at")) }
    }

    /// The auditor's agreement with the reviewers at `threshold`, counted by SQLite.
    public func auditorAgreement(threshold: Double) throws -> AuditorAgreement {
        guard let row = try database.queryOne("""
            SELECT COUNT(*) AS decided,
                   COALESCE(SUM((audit_score >= ?1) = (status != 'rejected')), 0) AS agreed,
                   COALESCE(SUM(audit_score >= ?1 AND status = 'rejected'), 0) AS passed_but_rejected,
                   COALESCE(SUM(audit_score < ?1 AND status != 'rejected'), 0) AS failed_but_accepted
            FROM review_items WHERE status IN ('approved', 'edited', 'rejected') AND audit_score IS NOT NULL
            """, threshold) else { return AuditorAgreement(threshold: threshold) }
        return AuditorAgreement(threshold: threshold, decided: try row.get("decided"), agreed: try row.get("agreed"),
                                passedButRejected: try row.get("passed_but_rejected"), failedButAccepted: try row.get("failed_but_accepted"))
    }
}
