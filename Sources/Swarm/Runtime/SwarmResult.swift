import Foundation

/// One request through the swarm.
public struct SwarmRequest: Sendable {
    /// A stable id (ticket id): it fixes the spot-check draw and keys the review queue.
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// One step of the pipeline, for the trace.
public struct TraceStep: Sendable {
    public var step: String
    public var seconds: Double
    public var tokensIn: Int
    public var tokensOut: Int
    public var notes: [String]

    public init(step: String, seconds: Double, tokensIn: Int = 0, tokensOut: Int = 0, notes: [String] = []) {
        self.step = step
        self.seconds = seconds
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.notes = notes
    }
}

/// What the swarm decided about a request: route, answer, audit, verdict,
/// and the trace of every step. Batch turns it into the `ResultRecord` that
/// every writer and reader shares.
public struct SwarmResult: Sendable {
    public var id: String
    /// The request as the models saw it (after PII redaction), before any shortening.
    public var request: String
    /// The routed domain (or, for `audit`, the one the source gave); nil when out of scope.
    public var domain: String?
    /// How the router decided; nil when it did not run.
    public var route: Route?
    public var specialist: String?
    /// The specialist's system prompt (kept with review items for the fine-tuning export).
    public var systemPrompt: String?
    /// nil when no answer was produced (blocked, out of scope sent to review, failed).
    public var answer: String?
    public var audit: Auditor.Audit?
    public var verdict: Verdict
    public var trace: [TraceStep]

    public init(id: String, request: String, domain: String? = nil, route: Route? = nil, specialist: String? = nil, systemPrompt: String? = nil,
                answer: String? = nil, audit: Auditor.Audit? = nil, verdict: Verdict, trace: [TraceStep]) {
        self.id = id
        self.request = request
        self.domain = domain
        self.route = route
        self.specialist = specialist
        self.systemPrompt = systemPrompt
        self.answer = answer
        self.audit = audit
        self.verdict = verdict
        self.trace = trace
    }

    public var seconds: Double { trace.reduce(0) { $0 + $1.seconds } }
    public var tokensIn: Int { trace.reduce(0) { $0 + $1.tokensIn } }
    public var tokensOut: Int { trace.reduce(0) { $0 + $1.tokensOut } }

    /// The result with its verdict replaced by `failed`: `step` raised `error`.
    func failed(in step: String, _ error: any Error) -> SwarmResult {
        var result = self
        result.verdict = .failed(PolicyReason(.failure, "\(step) failed: \(error)"))
        result.trace.append(TraceStep(step: step, seconds: 0, notes: ["error: \(error)"]))
        return result
    }
}
