import Foundation

extension ReviewItem {
    /// Reads an item from a `SELECT * FROM review_items` row.
    init(row: Row) throws {
        func date(_ column: String) throws -> Date? {
            try row.get(column, as: Int64?.self).map(ReviewQueue.date)
        }
        let content = NewReviewItem(
            source: ReviewSource(job: try row.get("source_job"), ticket: try row.get("source_ticket")),
            request: try row.get("request"),
            answer: try row.get("answer"),
            domain: try row.get("domain"),
            routeConfidence: try row.get("route_confidence"),
            routeStrategy: try row.get("route_strategy"),
            specialist: try row.get("specialist"),
            auditScore: try row.get("audit_score"),
            reasons: Self.strings(fromJSON: try row.get("reasons")),
            flags: Self.strings(fromJSON: try row.get("flags")),
            verdict: try row.get("verdict"),
            priority: try row.get("priority"),
            systemPrompt: try row.get("system_prompt"),
            trace: try row.get("trace"),
            ticketFields: Self.fields(fromJSON: try row.get("ticket_fields")))
        let statusText: String = try row.get("status")
        self.init(
            id: try row.get("id"),
            content: content,
            status: ReviewStatus(rawValue: statusText) ?? .pending,
            finalAnswer: try row.get("final_answer"),
            claimedBy: try row.get("claimed_by"),
            claimedAt: try date("claimed_at"),
            leaseExpiresAt: try date("lease_expires_at"),
            generation: try row.get("generation"),
            decidedBy: try row.get("decided_by"),
            decidedAt: try date("decided_at"),
            rejectReason: try row.get("reject_reason"),
            correctedDomain: try row.get("corrected_domain"),
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0),
            updatedAt: try date("updated_at") ?? Date(timeIntervalSince1970: 0))
    }

    /// Ticket fields are stored as a JSON object of strings.
    private static func fields(fromJSON text: String) -> [String: String] {
        guard case .object(let members)? = try? JSONValue.parse(text) else { return [:] }
        return members.mapValues { $0.stringValue ?? $0.jsonText }
    }

    /// Reasons and flags are stored as JSON arrays of strings; anything else is kept as one string.
    private static func strings(fromJSON text: String) -> [String] {
        guard case .array(let values)? = try? JSONValue.parse(text) else { return text.isEmpty ? [] : [text] }
        return values.map { $0.stringValue ?? $0.jsonText }
    }
}

extension DecisionRecord {
    init(row: Row) throws {
        let actionText: String = try row.get("action")
        guard let action = ReviewAction(rawValue: actionText) else {
            throw DatabaseError.columnType(column: "action", expected: "a review action", found: actionText, sql: "review_decisions")
        }
        self.init(id: try row.get("id"), itemID: try row.get("item_id"), reviewer: try row.get("reviewer"),
                  action: action, generation: try row.get("generation"), answerBefore: try row.get("answer_before"),
                  answerAfter: try row.get("answer_after"), reason: try row.get("reason"),
                  at: ReviewQueue.date(try row.get("at")), domainBefore: try row.get("domain_before"),
                  domainAfter: try row.get("domain_after"))
    }
}
