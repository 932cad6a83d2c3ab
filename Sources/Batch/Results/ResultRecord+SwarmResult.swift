import Store
import Swarm

extension ResultRecord {
    /// The record of a swarm result: the one mapping from Swarm's live values to the
    /// shared record (`run --json`, batch results, `audit`, review items).
    /// - Parameters:
    ///   - seconds: the ticket's latency; by default the sum of the pipeline's steps.
    public init(_ result: SwarmResult, job: String? = nil, position: Int? = nil, line: Int? = nil,
                ticket: [String: String] = [:], seconds: Double? = nil) {
        self.init(id: result.id, job: job, position: position, line: line, request: result.request, ticket: ticket,
                  domain: result.domain, route: result.route.map(ResultRecord.Route.init),
                  specialist: result.specialist, systemPrompt: result.systemPrompt, answer: result.answer,
                  audit: result.audit.map(ResultRecord.Audit.init), verdict: Verdict(result.verdict),
                  reasons: result.verdict.reasons.map { Reason(rule: $0.rule.rawValue, message: $0.message) },
                  seconds: seconds ?? result.seconds, tokensIn: result.tokensIn, tokensOut: result.tokensOut,
                  trace: result.trace.map {
                      Step(step: $0.step, seconds: $0.seconds, tokensIn: $0.tokensIn, tokensOut: $0.tokensOut, notes: $0.notes)
                  })
    }

    /// The record of an input record that could not become a ticket.
    public init(_ rejection: TicketRejection, job: String?, position: Int?) {
        self.init(id: rejection.id, job: job, position: position, line: rejection.line, request: "", verdict: .rejected,
                  reasons: [Reason(rule: "rejected_input", message: rejection.reason)])
    }
}

extension ResultRecord.Verdict {
    init(_ verdict: Swarm.Verdict) {
        switch verdict {
        case .accepted: self = .accepted
        case .flagged: self = .flagged
        case .blocked: self = .blocked
        case .failed: self = .failed
        }
    }
}

extension ResultRecord.Route {
    /// How `route` decided (`apiary route --json` prints this with the domain).
    public init(_ route: Swarm.Route) {
        self.init(confidence: route.confidence, strategy: route.strategy, action: route.action.rawValue, seconds: route.seconds,
                  strategies: route.strategies.map {
                      Strategy(strategy: $0.strategy, scores: $0.scores, decided: $0.decided, seconds: $0.seconds,
                               similarity: $0.similarity)
                  })
    }
}

extension ResultRecord.Audit {
    init(_ audit: Auditor.Audit) {
        self.init(score: audit.score, method: audit.method, distribution: audit.distribution, reasons: audit.reasons,
                  seconds: audit.seconds, promptTokens: audit.promptTokens)
    }
}
