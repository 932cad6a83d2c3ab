import Foundation
import Inference

extension SwarmRuntime {
    /// Runs one request through the whole swarm:
    /// policy (PII, size) → router → specialist → auditor → policy verdict.
    ///
    /// `onAnswerText` sees the specialist's answer as it is generated — a
    /// draft for display only: the answer is accepted only by the returned
    /// verdict, after the auditor and the policy have decided.
    public func run(_ request: SwarmRequest, onAnswerText: (String) -> Void = { _ in }) throws -> SwarmResult {
        switch try prepare(request) {
        case .finished(let result):
            return result
        case .needsAnswer(let partial, let specialist, let flags):
            let answer = try specialist.answer(partial.request, onText: onAnswerText)
            return try finish(partial, specialist: specialist, answer: answer, flags: flags)
        }
    }

    /// Runs many requests, answering those routed to the same specialist
    /// together: `batchSize` sequences per forward pass, the specialist's
    /// prompt prefix computed once per batch. `onResult` is called as each
    /// request is finished (in no particular order); results are also returned
    /// in request order.
    public func run(batch requests: [SwarmRequest], batchSize: Int,
                    onResult: (SwarmResult) throws -> Void = { _ in }) throws -> [SwarmResult] {
        var results = [SwarmResult?](repeating: nil, count: requests.count)
        var waiting: [String: [(index: Int, partial: SwarmResult, flags: [PolicyReason])]] = [:]
        for (index, request) in requests.enumerated() {
            switch try prepare(request) {
            case .finished(let result):
                results[index] = result
                try onResult(result)
            case .needsAnswer(let partial, let specialist, let flags):
                waiting[specialist.spec.name, default: []].append((index, partial, flags))
            }
        }
        for name in waiting.keys.sorted() {
            guard let group = waiting[name], let specialist = specialists[name] else { continue }
            let started = Date()
            let prompts = try group.map { try specialist.prompt(for: $0.partial.request) }
            let generated = try BatchedGenerator(model: specialist.model, batchSize: batchSize)
                .generate(prompts: prompts, options: specialist.options)
            // Prefill and decode were shared: each answer is charged its share of the wall time.
            let share = Date().timeIntervalSince(started) / Double(group.count)
            let answers = zip(prompts, generated).map { prompt, generation in
                Specialist.Answer(text: generation.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                  promptTokens: prompt.count, answerTokens: generation.ids.count,
                                  finishReason: generation.finishReason.rawValue, seconds: share)
            }
            // Audits in batches too: their prompts are evaluated together.
            for start in stride(from: 0, to: group.count, by: batchSize) {
                let slice = start..<min(start + batchSize, group.count)
                let audits = try auditor?.audit(slice.map { (group[$0].partial.request, answers[$0].text) })
                for (offset, i) in slice.enumerated() {
                    let result = try finish(group[i].partial, specialist: specialist, answer: answers[i],
                                            flags: group[i].flags, audit: audits?[offset])
                    results[group[i].index] = result
                    try onResult(result)
                }
            }
        }
        return results.compactMap { $0 }
    }

    /// Where a request stands after the policy and the router.
    enum Preparation {
        /// Decided without a specialist: blocked, refused or sent to review.
        case finished(SwarmResult)
        /// Routed; the specialist must answer `partial.request`.
        case needsAnswer(SwarmResult, Specialist, flags: [PolicyReason])
    }

    func prepare(_ request: SwarmRequest) throws -> Preparation {
        guard !request.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw SwarmRuntimeError.emptyRequest }
        let started = Date()
        let pre = policy.pre(request: request.text)
        var result = SwarmResult(id: request.id, request: pre.text, route: nil, specialist: nil, answer: nil, audit: nil,
                                 verdict: .accepted, trace: [
                                    TraceStep(step: "policy.pre", seconds: Date().timeIntervalSince(started),
                                              notes: pre.redactedKinds.map { "redacted \($0.rawValue)" } + pre.flags.map(\.message)),
                                 ])
        if let reason = pre.blockedBecause {
            result.verdict = .blocked(reason)
            return .finished(result)
        }

        let route = try router.route(pre.text)
        result.route = route
        result.trace.append(TraceStep(step: "route", seconds: route.seconds,
                                      notes: ["\(route.domain ?? "out of scope") by \(route.strategy) (\(String(format: "%.2f", route.confidence)))"]))
        switch route.action {
        case .review:
            result.verdict = Verdict.flagged([PolicyReason(.outOfScope, "out of scope: no strategy routed it confidently (best \(String(format: "%.2f", route.confidence)) by \(route.strategy))")])
                .adding(pre.flags)
            return .finished(result)
        case .refuse:
            // The configured refusal: fixed text, no model wrote it, nothing to audit.
            if case .refuse(let message) = spec.router.outOfScope { result.answer = message }
            result.verdict = policy.verdict(domain: nil, answer: result.answer ?? "", auditScore: nil,
                                            requestID: request.id, answerMustBeJSON: false).adding(pre.flags)
            return .finished(result)
        case .answer:
            guard let domain = route.domain, let specialist = specialist(forDomain: domain) else {
                result.verdict = .flagged([PolicyReason(.outOfScope, "no specialist for domain \(route.domain ?? "-")")])
                return .finished(result)
            }
            result.specialist = specialist.spec.name
            return .needsAnswer(result, specialist, flags: pre.flags)
        }
    }

    /// Audits an answer (unless `audit` was computed in a batch) and lets the policy decide.
    func finish(_ partial: SwarmResult, specialist: Specialist, answer: Specialist.Answer, flags: [PolicyReason],
                audit precomputed: Auditor.Audit? = nil) throws -> SwarmResult {
        var result = partial
        result.answer = answer.text
        result.trace.append(TraceStep(step: "specialist.\(specialist.spec.name)", seconds: answer.seconds,
                                      tokensIn: answer.promptTokens, tokensOut: answer.answerTokens,
                                      notes: ["finish: \(answer.finishReason)"]))
        var auditScore: Double?
        if let auditor {
            let audit = try precomputed ?? auditor.audit(request: partial.request, answer: answer.text)
            result.audit = audit
            auditScore = audit.score
            result.trace.append(TraceStep(step: "auditor", seconds: audit.seconds, tokensIn: audit.promptTokens, notes: audit.reasons))
        }
        result.verdict = policy.verdict(domain: result.route?.domain, answer: answer.text, auditScore: auditScore,
                                        requestID: partial.id, answerMustBeJSON: specialist.spec.schemaJSON != nil).adding(flags)
        return result
    }
}
