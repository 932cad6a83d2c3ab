import Foundation

/// Where a review item came from: the batch job and the ticket within it.
/// Enqueueing is idempotent on this pair.
public struct ReviewSource: Sendable, Equatable, Hashable {
    /// The batch job id; empty for items not from a batch (`apiary run`, an import without a job).
    public var job: String
    public var ticket: String

    public init(job: String, ticket: String) {
        self.job = job
        self.ticket = ticket
    }
}

/// Life of an item: `pending` → `claimed` → `approved` | `rejected` | `edited`.
public enum ReviewStatus: String, Sendable, CaseIterable, Equatable {
    case pending, claimed, approved, rejected, edited

    /// True once a reviewer has decided; such items never change again.
    public var isDecided: Bool { self == .approved || self == .rejected || self == .edited }
}

/// What the pipeline hands to the queue: an answer a human must look at.
public struct NewReviewItem: Sendable, Equatable {
    public var source: ReviewSource
    /// The request, already redacted by the policy.
    public var request: String
    public var answer: String
    /// The routed domain; nil when out of scope or unknown.
    public var domain: String?
    public var routeConfidence: Double?
    public var routeStrategy: String?
    public var specialist: String?
    public var auditScore: Double?
    /// The auditor's and the policy's reasons, readable by a reviewer.
    public var reasons: [String]
    /// Policy flags (PII found, below threshold, spot check, …).
    public var flags: [String]
    public var verdict: String?
    /// Higher is claimed first.
    public var priority: Int
    /// The specialist's system prompt, when known (used by the SFT export).
    public var systemPrompt: String?
    /// The pipeline trace as JSON text, kept for whoever audits the system.
    public var trace: String?
    /// The ticket's other fields from the export (priority, tags, requester, …).
    public var ticketFields: [String: String]

    public init(source: ReviewSource, request: String, answer: String, domain: String? = nil,
                routeConfidence: Double? = nil, routeStrategy: String? = nil, specialist: String? = nil,
                auditScore: Double? = nil, reasons: [String] = [], flags: [String] = [], verdict: String? = nil,
                priority: Int = 0, systemPrompt: String? = nil, trace: String? = nil, ticketFields: [String: String] = [:]) {
        self.source = source
        self.request = request
        self.answer = answer
        self.domain = domain
        self.routeConfidence = routeConfidence
        self.routeStrategy = routeStrategy
        self.specialist = specialist
        self.auditScore = auditScore
        self.reasons = reasons
        self.flags = flags
        self.verdict = verdict
        self.priority = priority
        self.systemPrompt = systemPrompt
        self.trace = trace
        self.ticketFields = ticketFields
    }
}

/// An item as stored in the queue, with its lease and decision state.
public struct ReviewItem: Sendable, Equatable {
    public var id: Int64
    public var content: NewReviewItem
    public var status: ReviewStatus
    /// The answer as approved: the original for `approved`, the reviewer's text for `edited`, nil otherwise.
    public var finalAnswer: String?
    /// Who holds (or last held) the lease.
    public var claimedBy: String?
    public var claimedAt: Date?
    public var leaseExpiresAt: Date?
    /// The fencing token: incremented by every claim; a decision must present the current one.
    public var generation: Int64
    public var decidedBy: String?
    public var decidedAt: Date?
    public var rejectReason: String?
    /// The domain a reviewer set (`apiary review`, key d), when the route was wrong.
    public var correctedDomain: String? = nil
    public var createdAt: Date
    public var updatedAt: Date

    public var source: ReviewSource { content.source }
    public var request: String { content.request }
    public var answer: String { content.answer }
    public var domain: String? { content.domain }
    /// The domain as reviewed: the reviewer's correction, else the routed domain.
    public var reviewedDomain: String? { correctedDomain ?? content.domain }

    /// True when the item is claimed but its lease ran out, so anyone may claim it.
    public func isLeaseExpired(at now: Date) -> Bool {
        guard status == .claimed, let leaseExpiresAt else { return false }
        return leaseExpiresAt <= now
    }
}

/// A reviewer's right to decide one item, until `expiresAt`, at fencing `generation`.
public struct Lease: Sendable, Equatable {
    public var itemID: Int64
    public var reviewer: String
    public var generation: Int64
    public var expiresAt: Date

    public init(itemID: Int64, reviewer: String, generation: Int64, expiresAt: Date) {
        self.itemID = itemID
        self.reviewer = reviewer
        self.generation = generation
        self.expiresAt = expiresAt
    }
}

/// What a reviewer did; every action is one row of the append-only decision log.
public enum ReviewAction: String, Sendable, CaseIterable {
    case claim, release, approve, reject, edit
    /// The reviewer corrected the routed domain (`domainBefore` → `domainAfter`).
    case domain

    /// Approve, reject and edit decide an item; claim, release and domain do not.
    public var isDecision: Bool { self == .approve || self == .reject || self == .edit }
}

/// One row of the decision log.
public struct DecisionRecord: Sendable, Equatable {
    public var id: Int64
    public var itemID: Int64
    public var reviewer: String
    public var action: ReviewAction
    public var generation: Int64
    public var answerBefore: String?
    public var answerAfter: String?
    public var reason: String?
    public var at: Date
    /// For `domain` rows: the domain before (nil: none was routed) and after the correction.
    public var domainBefore: String? = nil
    public var domainAfter: String? = nil
}
