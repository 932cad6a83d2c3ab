/// Why the policy flagged or blocked something, in words a reviewer can act on:
/// `audit score 0.42 below threshold 0.60`, `domain billing is always reviewed`.
public struct PolicyReason: Sendable, Hashable, CustomStringConvertible {
    /// The rule that produced the reason, for filtering and statistics.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        case personalData = "pii"
        case requestSize = "request_size"
        case auditScore = "audit_score"
        case alwaysReviewedDomain = "always_review"
        case spotCheck = "spot_check"
        case answerLength = "answer_length"
        case bannedPhrase = "banned_phrase"
        case invalidJSON = "invalid_json"
        /// The router found no domain for the request.
        case outOfScope = "out_of_scope"
        /// The request did not fit a model's context and was shortened (head and tail kept).
        case requestShortened = "request_shortened"
        /// An error while answering or auditing the request: no result could be produced.
        case failure
    }

    public var rule: Rule
    /// The sentence shown to a reviewer.
    public var message: String

    public init(_ rule: Rule, _ message: String) {
        self.rule = rule
        self.message = message
    }

    public var description: String { message }
}

/// The policy's decision about an answer.
public enum Verdict: Sendable, Hashable, CustomStringConvertible {
    /// Delivered without review.
    case accepted
    /// Sent to the review queue, for these reasons.
    case flagged([PolicyReason])
    /// Never delivered.
    case blocked(PolicyReason)
    /// No result: answering or auditing the request failed, for this reason.
    case failed(PolicyReason)

    /// `accepted`, `flagged`, `blocked` or `failed`, as written in results and JSON.
    public var name: String {
        switch self {
        case .accepted: return "accepted"
        case .flagged: return "flagged"
        case .blocked: return "blocked"
        case .failed: return "failed"
        }
    }

    /// Every reason behind the verdict (empty when accepted).
    public var reasons: [PolicyReason] {
        switch self {
        case .accepted: return []
        case .flagged(let reasons): return reasons
        case .blocked(let reason), .failed(let reason): return [reason]
        }
    }

    /// The verdict with `flags` from earlier steps (the request's `PreResult`) added: an accepted
    /// answer becomes flagged; a blocked or failed one stays as it is.
    public func adding(_ flags: [PolicyReason]) -> Verdict {
        guard !flags.isEmpty else { return self }
        switch self {
        case .accepted: return .flagged(flags)
        case .flagged(let reasons): return .flagged(flags + reasons)
        case .blocked, .failed: return self
        }
    }

    /// `accepted`, `flagged: reason; reason`, `blocked: reason`.
    public var description: String {
        switch self {
        case .accepted: return name
        case .flagged(let reasons): return "\(name): " + reasons.map(\.message).joined(separator: "; ")
        case .blocked(let reason), .failed(let reason): return "\(name): \(reason.message)"
        }
    }
}
