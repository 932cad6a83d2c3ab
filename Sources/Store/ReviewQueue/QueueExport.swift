import Foundation

/// The formats `apiary queue export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// One JSON object per item, with its decision.
    case jsonl
    /// RFC 4180 CSV with a header row.
    case csv
    /// Approved and edited answers as chat-format JSON lines for fine-tuning the specialists.
    case sft
    /// Reviewed requests as a labelled examples file (CSV `id,text,domain,split`) a swarm's
    /// `examples` can name: approved and edited items with their routed domain, and every
    /// decided item whose domain a reviewer corrected, with the correction.
    case examples

    /// Statuses exported when the user names none: decisions for jsonl and csv,
    /// accepted answers for sft.
    public var defaultStatuses: [ReviewStatus] {
        switch self {
        case .jsonl, .csv, .examples: return [.approved, .edited, .rejected]
        case .sft: return [.approved, .edited]
        }
    }
}

extension ReviewItem {
    /// The full item as a JSON object (`list --json`, `show --json`, jsonl export).
    public var json: JSONValue {
        func time(_ date: Date?) -> JSONValue { JSONValue(date.map(ISO8601.string)) }
        return .object([
            "id": .integer(id),
            "source": .object(["job": .string(source.job), "ticket": .string(source.ticket)]),
            "request": .string(request),
            "answer": .string(answer),
            "final_answer": JSONValue(finalAnswer),
            "route": .object(["domain": JSONValue(domain), "confidence": JSONValue(content.routeConfidence),
                              "strategy": JSONValue(content.routeStrategy)]),
            "specialist": JSONValue(content.specialist),
            "system_prompt": JSONValue(content.systemPrompt),
            "ticket": .object(content.ticketFields.mapValues(JSONValue.string)),
            "audit": .object(["score": JSONValue(content.auditScore), "reasons": JSONValue(content.reasons)]),
            "flags": JSONValue(content.flags),
            "verdict": JSONValue(content.verdict),
            "priority": .integer(Int64(content.priority)),
            "status": .string(status.rawValue),
            "claimed_by": JSONValue(claimedBy),
            "claimed_at": time(claimedAt),
            "lease_expires_at": time(leaseExpiresAt),
            "generation": .integer(generation),
            "decided_by": JSONValue(decidedBy),
            "decided_at": time(decidedAt),
            "reject_reason": JSONValue(rejectReason),
            "corrected_domain": JSONValue(correctedDomain),
            "created_at": time(createdAt),
        ])
    }

    /// One fine-tuning example: system prompt, the request, the approved answer.
    /// Nil unless the item was approved or edited.
    public func sftExample(defaultSystemPrompt: String) -> JSONValue? {
        guard status == .approved || status == .edited, let finalAnswer else { return nil }
        let system = content.systemPrompt ?? defaultSystemPrompt
        return .object(["messages": .array([
            .object(["role": .string("system"), "content": .string(system)]),
            .object(["role": .string("user"), "content": .string(request)]),
            .object(["role": .string("assistant"), "content": .string(finalAnswer)]),
        ])])
    }
}

/// Writers for the export formats; each returns whole lines (with their line end).
public enum QueueExport {
    public static let csvColumns = [
        "id", "job", "ticket", "domain", "route_confidence", "specialist", "audit_score", "reasons", "flags",
        "status", "request", "answer", "final_answer", "decided_by", "decided_at", "reject_reason", "created_at",
    ]

    /// The CSV header line.
    public static var csvHeader: String { csvLine(csvColumns) }

    /// One item as a CSV line.
    public static func csvLine(_ item: ReviewItem) -> String {
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        return csvLine([
            String(item.id), item.source.job, item.source.ticket, item.domain ?? "",
            number(item.content.routeConfidence), item.content.specialist ?? "", number(item.content.auditScore),
            item.content.reasons.joined(separator: "; "), item.content.flags.joined(separator: "; "),
            item.status.rawValue, item.request, item.answer, item.finalAnswer ?? "", item.decidedBy ?? "",
            item.decidedAt.map(ISO8601.string) ?? "", item.rejectReason ?? "", ISO8601.string(item.createdAt),
        ])
    }

    public static let exampleColumns = ["id", "text", "domain", "split"]

    /// One item as a labelled example line, or nil when it labels nothing: neither corrected
    /// by a reviewer nor an approved or edited answer to a routed domain.
    public static func exampleLine(_ item: ReviewItem) -> String? {
        guard item.status.isDecided, let domain = item.reviewedDomain else { return nil }
        guard item.correctedDomain != nil || item.status == .approved || item.status == .edited else { return nil }
        return csvLine([item.source.ticket.isEmpty ? String(item.id) : item.source.ticket, item.request, domain, "train"])
    }

    /// Fields joined per RFC 4180, each escaped by `CSVField` (formulas neutralised); lines end with CRLF.
    public static func csvLine(_ fields: [String]) -> String {
        fields.map(CSVField.escape).joined(separator: ",") + "\r\n"
    }

    /// The system prompt used for an SFT example when the item carries none.
    public static func defaultSystemPrompt(for item: ReviewItem) -> String {
        if let domain = item.domain { return "You are the \(domain) specialist. Answer the customer's request." }
        return "You are a support specialist. Answer the customer's request."
    }
}

extension ReviewQueue {
    /// Writes the items with `statuses` (the format's defaults when empty) in
    /// `format`, line by line through `write`. Returns how many items were written.
    /// - Parameter systemPrompt: for `sft`, used when an item records no system prompt.
    @discardableResult
    public func export(_ format: ExportFormat, statuses: [ReviewStatus] = [], systemPrompt: String? = nil,
                       write: (String) throws -> Void) throws -> Int {
        var wanted = statuses.isEmpty ? format.defaultStatuses : statuses
        if format == .sft { wanted = wanted.filter { $0 == .approved || $0 == .edited } }
        if wanted.isEmpty { return 0 }
        let items = try self.items(statuses: wanted).sorted { $0.id < $1.id }
        if format == .csv { try write(QueueExport.csvHeader) }
        if format == .examples { try write(QueueExport.csvLine(QueueExport.exampleColumns)) }
        var count = 0
        for item in items {
            switch format {
            case .jsonl:
                try write(item.json.jsonText + "\n")
            case .csv:
                try write(QueueExport.csvLine(item))
            case .sft:
                let fallback = systemPrompt ?? QueueExport.defaultSystemPrompt(for: item)
                guard let example = item.sftExample(defaultSystemPrompt: fallback) else { continue }
                try write(example.jsonText + "\n")
            case .examples:
                guard let line = QueueExport.exampleLine(item) else { continue }
                try write(line)
            }
            count += 1
        }
        return count
    }
}

extension DecisionRecord {
    /// One log row as a JSON object (`show --json`).
    public var json: JSONValue {
        .object(["item": .integer(itemID), "reviewer": .string(reviewer), "action": .string(action.rawValue),
                 "generation": .integer(generation), "answer_before": JSONValue(answerBefore),
                 "answer_after": JSONValue(answerAfter), "reason": JSONValue(reason), "at": .string(ISO8601.string(at)),
                 "domain_before": JSONValue(domainBefore), "domain_after": JSONValue(domainAfter)])
    }
}
