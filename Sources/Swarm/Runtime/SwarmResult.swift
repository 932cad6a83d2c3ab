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
/// and the trace of every step.
public struct SwarmResult: Sendable {
    public var id: String
    /// The request as the models saw it (after PII redaction).
    public var request: String
    public var route: Route?
    public var specialist: String?
    /// nil when no answer was produced (blocked, or out of scope sent to review).
    public var answer: String?
    public var audit: Auditor.Audit?
    public var verdict: Verdict
    public var trace: [TraceStep]

    public var seconds: Double { trace.reduce(0) { $0 + $1.seconds } }
    public var tokensIn: Int { trace.reduce(0) { $0 + $1.tokensIn } }
    public var tokensOut: Int { trace.reduce(0) { $0 + $1.tokensOut } }

    /// The JSON shape `apiary run --json` prints and `apiary batch` writes (and
    /// `apiary queue import` reads).
    public var jsonObject: [String: Any] {
        func orNull(_ value: Any?) -> Any { value ?? NSNull() }
        let route: Any = self.route?.jsonObject ?? NSNull()
        var audit: Any = NSNull()
        if let a = self.audit {
            audit = ["score": a.score, "method": a.method, "distribution": a.distribution, "reasons": a.reasons] as [String: Any]
        }
        return [
            "id": id,
            "request": request,
            "route": route,
            "domain": orNull(self.route?.domain),
            "confidence": orNull(self.route?.confidence),
            "specialist": orNull(specialist),
            "answer": orNull(answer),
            "audit": audit,
            "score": orNull(self.audit?.score),
            "verdict": verdict.name,
            "reasons": verdict.reasons.map(\.message),
            "flags": verdict.reasons.map(\.rule.rawValue),
            "seconds": seconds,
            "tokens_in": tokensIn,
            "tokens_out": tokensOut,
            "trace": trace.map {
                ["step": $0.step, "seconds": $0.seconds, "tokens_in": $0.tokensIn, "tokens_out": $0.tokensOut, "notes": $0.notes] as [String: Any]
            },
        ]
    }
}

extension Route {
    /// The JSON shape of a route (`apiary route --json`, and `route` in results).
    public var jsonObject: [String: Any] {
        [
            "domain": domain.map { $0 as Any } ?? NSNull(),
            "confidence": confidence,
            "strategy": strategy,
            "action": action.rawValue,
            "seconds": seconds,
            "strategies": strategies.map {
                ["strategy": $0.strategy, "scores": $0.scores, "decided": $0.decided, "seconds": $0.seconds] as [String: Any]
            },
        ]
    }
}
