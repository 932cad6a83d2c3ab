import Store
import Swarm

extension TicketFacts {
    /// The facts of one finished ticket: its result record's domain, verdict, audit
    /// score, tokens and latency, the job's usage since the previous result, and
    /// the model of each role in the swarm that answered it.
    init(_ record: ResultRecord, ticket: String, job: String, spec: SwarmSpec, usage: ResourceUsage) {
        var models: [String: String] = [:]
        let routerModels = spec.router.strategies.compactMap { strategy -> String? in
            switch strategy {
            case .embedding(let model), .llm(let model): return model
            case .rules, .classifier: return nil
            }
        }
        if !routerModels.isEmpty { models["router"] = routerModels.joined(separator: "+") }
        if let specialist = spec.specialists.first(where: { $0.name == record.specialist }) { models["specialist"] = specialist.model }
        if let auditor = spec.auditor { models["auditor"] = auditor.model }
        self.init(job: job, ticket: ticket, domain: record.domain, verdict: record.verdict.rawValue, auditScore: record.audit?.score,
                  tokensIn: record.tokensIn, tokensOut: record.tokensOut, seconds: record.seconds, usage: usage, models: models)
    }
}
