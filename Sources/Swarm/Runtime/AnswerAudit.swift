import Foundation

/// An answer from anywhere — a person, another system, a cloud model — to be
/// audited under the swarm's auditor and policy (`apiary audit`).
public struct AnswerToAudit: Sendable {
    public var id: String
    public var request: String
    public var answer: String
    /// The request's domain, when the source knows it (its description goes into the audit prompt).
    public var domain: String?

    public init(id: String, request: String, answer: String, domain: String?) {
        self.id = id
        self.request = request
        self.answer = answer
        self.domain = domain
    }
}

extension SwarmRuntime {
    /// Audits answers that the swarm did not write, in batches of `batchSize`: the
    /// policy redacts and checks each request, the auditor scores the answer with the
    /// same prompt as in the pipeline, and the policy decides the verdict. An error on
    /// one answer becomes its `failed` result.
    public func audit(_ answers: [AnswerToAudit], batchSize: Int = 8) throws -> [SwarmResult] {
        guard auditor != nil else { throw SwarmRuntimeError.noAuditor(swarm: spec.name) }
        var results: [SwarmResult] = []
        for start in stride(from: 0, to: answers.count, by: max(1, batchSize)) {
            let chunk = answers[start..<min(start + max(1, batchSize), answers.count)]
            var decided = [SwarmResult?](repeating: nil, count: chunk.count)
            var waiting: [(slot: Int, result: SwarmResult, flags: [PolicyReason])] = []
            for (slot, item) in chunk.enumerated() {
                let started = Date()
                let pre = policy.pre(request: item.request)
                var result = SwarmResult(id: item.id, request: pre.text, domain: item.domain, answer: item.answer,
                                         verdict: .accepted, trace: [
                    TraceStep(step: "policy.pre", seconds: Date().timeIntervalSince(started),
                              notes: pre.redactedKinds.map { "redacted \($0.rawValue)" } + pre.flags.map(\.message)),
                ])
                if let reason = pre.blockedBecause {
                    result.verdict = .blocked(reason)
                    decided[slot] = result
                } else {
                    waiting.append((slot, result, pre.flags))
                }
            }
            let audits = audit(waiting.map { Auditor.Subject(request: $0.result.request, answer: $0.result.answer ?? "", domain: $0.result.domain) })
            for (entry, audit) in zip(waiting, audits) {
                decided[entry.slot] = decide(entry.result, flags: entry.flags, audit: audit)
            }
            results += decided.compactMap { $0 }
        }
        return results
    }

    private func decide(_ partial: SwarmResult, flags: [PolicyReason], audit: Result<Auditor.Audit?, any Error>) -> SwarmResult {
        switch audit {
        case .failure(let error):
            return partial.failed(in: "auditor", error)
        case .success(let audit):
            var result = partial
            result.audit = audit
            if let audit {
                result.trace.append(TraceStep(step: "auditor", seconds: audit.seconds, tokensIn: audit.promptTokens,
                                              notes: audit.reasons + (audit.shortening.map { [$0.reason.message] } ?? [])))
            }
            let schema = partial.domain.flatMap { specialist(forDomain: $0) }?.spec.schemaJSON
            result.verdict = policy.verdict(domain: partial.domain, answer: partial.answer ?? "", auditScore: audit?.score,
                                            requestID: partial.id, answerMustBeJSON: schema != nil)
                .adding(flags + [audit?.shortening?.reason].compactMap { $0 })
            return result
        }
    }
}
