import Store
import Swarm

extension TicketFacts {
    /// The facts of one answered ticket: its result's tokens and time, the
    /// job's usage since the previous result, and the model of each role.
    init(_ result: SwarmResult, job: String, spec: SwarmSpec, usage: ResourceUsage) {
        var models: [String: String] = [:]
        let routerModels = spec.router.strategies.compactMap { strategy -> String? in
            switch strategy {
            case .embedding(let model), .llm(let model): return model
            case .rules, .classifier: return nil
            }
        }
        if !routerModels.isEmpty { models["router"] = routerModels.joined(separator: "+") }
        if let specialist = spec.specialists.first(where: { $0.name == result.specialist }) { models["specialist"] = specialist.model }
        if let auditor = spec.auditor { models["auditor"] = auditor.model }
        self.init(job: job, ticket: result.id, domain: result.route?.domain, verdict: result.verdict.name, auditScore: result.audit?.score,
                  tokensIn: result.tokensIn, tokensOut: result.tokensOut, seconds: result.seconds, usage: usage, models: models)
    }
}
