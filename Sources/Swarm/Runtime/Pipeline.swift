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
            let audit = try auditor?.audit(Auditor.Subject(request: partial.request, answer: answer.text, domain: partial.domain))
            return finish(partial, specialist: specialist, answer: answer, flags: flags, audit: audit)
        }
    }

    /// Runs many requests, answering those routed to the same specialist
    /// together: `batchSize` sequences per forward pass, the specialist's
    /// prompt prefix computed once per batch. `onResult` is called as each
    /// request is finished (in no particular order); results are also returned
    /// in request order.
    ///
    /// No request can stop the others: an error while routing, answering or
    /// auditing one becomes its result, verdict `failed` with the reason.
    /// `shouldStop` is asked before each batch of answers; once it returns
    /// true the requests not yet started are left out (the ones in flight finish).
    public func run(batch requests: [SwarmRequest], batchSize: Int, shouldStop: () -> Bool = { false },
                    onResult: (SwarmResult) throws -> Void = { _ in }) throws -> [SwarmResult] {
        var results = [SwarmResult?](repeating: nil, count: requests.count)
        func deliver(_ result: SwarmResult, at index: Int) throws {
            results[index] = result
            try onResult(result)
        }
        var waiting: [String: [Waiting]] = [:]
        for (index, request) in requests.enumerated() {
            if shouldStop() { return results.compactMap { $0 } }
            let preparation: Preparation
            do {
                preparation = try prepare(request)
            } catch {
                let partial = SwarmResult(id: request.id, request: policy.pre(request: request.text).text, verdict: .accepted, trace: [])
                preparation = .finished(partial.failed(in: "route", error))
            }
            switch preparation {
            case .finished(let result):
                try deliver(result, at: index)
            case .needsAnswer(let partial, let specialist, let flags):
                waiting[specialist.spec.name, default: []].append(Waiting(index: index, partial: partial, flags: flags))
            }
        }
        for name in waiting.keys.sorted() {
            guard let group = waiting[name], let specialist = specialists[name] else { continue }
            for start in stride(from: 0, to: group.count, by: batchSize) {
                if shouldStop() { return results.compactMap { $0 } }
                let chunk = Array(group[start..<min(start + batchSize, group.count)])
                for (entry, outcome) in zip(chunk, answerAndAudit(chunk, specialist: specialist, batchSize: batchSize)) {
                    try deliver(outcome, at: entry.index)
                }
            }
        }
        return results.compactMap { $0 }
    }

    /// A routed request waiting for its specialist.
    struct Waiting {
        var index: Int
        var partial: SwarmResult
        var flags: [PolicyReason]
    }

    /// Answers and audits one batch of requests for `specialist`; each request's error
    /// becomes its own `failed` result.
    private func answerAndAudit(_ chunk: [Waiting], specialist: Specialist, batchSize: Int) -> [SwarmResult] {
        var outcomes = chunk.map { $0.partial }
        var prompts: [(slot: Int, prompt: FittedPrompt)] = []
        for (slot, entry) in chunk.enumerated() {
            do {
                prompts.append((slot, try specialist.prompt(for: entry.partial.request)))
            } catch {
                outcomes[slot] = entry.partial.failed(in: "specialist.\(specialist.spec.name)", error)
            }
        }
        let answers = generate(prompts.map(\.prompt), specialist: specialist, batchSize: batchSize)
        var answered: [(slot: Int, answer: Specialist.Answer)] = []
        for ((slot, _), answer) in zip(prompts, answers) {
            switch answer {
            case .success(let answer): answered.append((slot, answer))
            case .failure(let error): outcomes[slot] = chunk[slot].partial.failed(in: "specialist.\(specialist.spec.name)", error)
            }
        }
        let audits = audit(answered.map { Auditor.Subject(request: chunk[$0.slot].partial.request, answer: $0.answer.text,
                                                          domain: chunk[$0.slot].partial.domain) })
        for ((slot, answer), audit) in zip(answered, audits) {
            let entry = chunk[slot]
            switch audit {
            case .success(let audit):
                outcomes[slot] = finish(entry.partial, specialist: specialist, answer: answer, flags: entry.flags, audit: audit)
            case .failure(let error):
                var partial = entry.partial
                partial.answer = answer.text
                outcomes[slot] = partial.failed(in: "auditor", error)
            }
        }
        return outcomes
    }

    /// Generates the answers of one batch together; when that fails, one by one, so only
    /// the request that causes an error fails.
    private func generate(_ prompts: [FittedPrompt], specialist: Specialist, batchSize: Int) -> [Result<Specialist.Answer, any Error>] {
        guard !prompts.isEmpty else { return [] }
        func run(_ prompts: [FittedPrompt]) throws -> [Specialist.Answer] {
            let started = Date()
            let generated = try BatchedGenerator(model: specialist.model, batchSize: batchSize, prefixes: specialist.prefixes,
                                             draft: specialist.draft)
                .generate(prompts: prompts.map(\.ids), options: specialist.options)
            // Prefill and decode were shared: each answer is charged its share of the wall time.
            let share = Date().timeIntervalSince(started) / Double(prompts.count)
            return zip(prompts, generated).map { Specialist.Answer($1, prompt: $0, seconds: share) }
        }
        if let answers = try? run(prompts) { return answers.map { .success($0) } }
        return prompts.map { prompt in Result { try run([prompt])[0] } }
    }

    /// Audits answers together (their prompts evaluated in one batch); when that fails,
    /// one by one. Without an auditor every answer passes with no audit.
    func audit(_ subjects: [Auditor.Subject]) -> [Result<Auditor.Audit?, any Error>] {
        guard let auditor, !subjects.isEmpty else { return subjects.map { _ in .success(nil) } }
        if let audits = try? auditor.audit(subjects) { return audits.map { .success($0) } }
        return subjects.map { subject in Result { try auditor.audit(subject) as Auditor.Audit? } }
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
        var result = SwarmResult(id: request.id, request: pre.text, verdict: .accepted, trace: [
            TraceStep(step: "policy.pre", seconds: Date().timeIntervalSince(started),
                      notes: pre.redactedKinds.map { "redacted \($0.rawValue)" } + pre.flags.map(\.message)),
        ])
        if let reason = pre.blockedBecause {
            result.verdict = .blocked(reason)
            return .finished(result)
        }

        let route: Route
        do {
            route = try router.route(pre.text)
        } catch {
            return .finished(result.failed(in: "route", error))
        }
        result.route = route
        result.domain = route.domain
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
            result.systemPrompt = specialist.spec.system
            return .needsAnswer(result, specialist, flags: pre.flags)
        }
    }

    /// Records the answer and its audit and lets the policy decide. A request shortened to
    /// fit a context is always reviewed.
    func finish(_ partial: SwarmResult, specialist: Specialist, answer: Specialist.Answer, flags: [PolicyReason],
                audit: Auditor.Audit?) -> SwarmResult {
        var result = partial
        result.answer = answer.text
        result.trace.append(TraceStep(step: "specialist.\(specialist.spec.name)", seconds: answer.seconds,
                                      tokensIn: answer.promptTokens, tokensOut: answer.answerTokens,
                                      notes: answer.notes))
        if let audit {
            result.audit = audit
            result.trace.append(TraceStep(step: "auditor", seconds: audit.seconds, tokensIn: audit.promptTokens,
                                          notes: audit.reasons + (audit.shortening.map { [$0.reason.message] } ?? [])))
        }
        let shortened = [answer.shortening, audit?.shortening].compactMap { $0?.reason }
        result.verdict = policy.verdict(domain: result.domain, answer: answer.text, auditScore: audit?.score,
                                        requestID: partial.id, answerMustBeJSON: specialist.spec.schemaJSON != nil)
            .adding(flags + shortened)
        return result
    }
}
