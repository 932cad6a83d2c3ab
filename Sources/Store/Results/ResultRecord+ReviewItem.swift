extension NewReviewItem {
    /// The review item for a result record: everything a reviewer and the exports use,
    /// the system prompt and the ticket's fields included. Results without an id are keyed
    /// by a hash of request and answer, so importing the same result twice adds it once.
    public init(_ record: ResultRecord) throws {
        let answer = record.answer ?? ""
        var reasons: [String] = []
        for reason in (record.audit?.reasons ?? []) + record.reasons.map(\.message) where !reasons.contains(reason) {
            reasons.append(reason)
        }
        let ticket = record.id.flatMap { $0.isEmpty ? nil : $0 } ?? "content-" + QueueImport.contentHash(record.request, answer)
        self.init(source: ReviewSource(job: record.job ?? "", ticket: ticket),
                  request: record.request, answer: answer, domain: record.domain,
                  routeConfidence: record.route?.confidence, routeStrategy: record.route?.strategy,
                  specialist: record.specialist, auditScore: record.audit?.score, reasons: reasons,
                  flags: record.reasons.map(\.rule), verdict: record.verdict.rawValue, priority: 0,
                  systemPrompt: record.systemPrompt, trace: try RecordJSON.line(record.trace),
                  ticketFields: record.ticket)
    }
}
