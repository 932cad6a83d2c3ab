import Foundation

extension SwarmRuntime {
    /// Runs one request through the whole swarm:
    /// policy (PII, size) → router → specialist → auditor → policy verdict.
    ///
    /// `onAnswerText` sees the specialist's answer as it is generated — a
    /// draft for display only: the answer is accepted only by the returned
    /// verdict, after the auditor and the policy have decided.
    public func run(_ request: SwarmRequest, onAnswerText: (String) -> Void = { _ in }) throws -> SwarmResult {
        guard !request.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw SwarmRuntimeError.emptyRequest }
        var trace: [TraceStep] = []
        var started = Date()
        let pre = policy.pre(request: request.text)
        trace.append(TraceStep(step: "policy.pre", seconds: Date().timeIntervalSince(started),
                               notes: pre.redactedKinds.map { "redacted \($0.rawValue)" } + pre.flags.map(\.message)))
        var result = SwarmResult(id: request.id, request: pre.text, route: nil, specialist: nil, answer: nil,
                                 audit: nil, verdict: .accepted, trace: trace)
        if let reason = pre.blockedBecause {
            result.verdict = .blocked(reason)
            return result
        }

        let route = try router.route(pre.text)
        result.route = route
        result.trace.append(TraceStep(step: "route", seconds: route.seconds,
                                      notes: ["\(route.domain ?? "out of scope") by \(route.strategy) (\(String(format: "%.2f", route.confidence)))"]))

        switch route.action {
        case .review:
            result.verdict = Verdict.flagged([PolicyReason(.outOfScope, "out of scope: no strategy routed it confidently (best \(String(format: "%.2f", route.confidence)) by \(route.strategy))")])
                .adding(pre.flags)
            return result
        case .refuse:
            // The configured refusal: fixed text, no model wrote it, nothing to audit.
            if case .refuse(let message) = spec.router.outOfScope { result.answer = message }
            result.verdict = policy.verdict(domain: nil, answer: result.answer ?? "", auditScore: nil,
                                            requestID: request.id, answerMustBeJSON: false).adding(pre.flags)
            return result
        case .answer:
            break
        }

        guard let domain = route.domain, let specialist = specialist(forDomain: domain) else {
            result.verdict = .flagged([PolicyReason(.outOfScope, "no specialist for domain \(route.domain ?? "-")")])
            return result
        }
        result.specialist = specialist.spec.name
        let answer = try specialist.answer(pre.text, onText: onAnswerText)
        result.answer = answer.text
        result.trace.append(TraceStep(step: "specialist.\(specialist.spec.name)", seconds: answer.seconds,
                                      tokensIn: answer.promptTokens, tokensOut: answer.answerTokens,
                                      notes: ["finish: \(answer.finishReason)"]))

        var auditScore: Double?
        if let auditor {
            started = Date()
            let audit = try auditor.audit(request: pre.text, answer: answer.text)
            result.audit = audit
            auditScore = audit.score
            result.trace.append(TraceStep(step: "auditor", seconds: audit.seconds, notes: audit.reasons))
        }
        result.verdict = policy.verdict(domain: domain, answer: answer.text, auditScore: auditScore, requestID: request.id,
                                        answerMustBeJSON: specialist.spec.schemaJSON != nil).adding(pre.flags)
        return result
    }
}
