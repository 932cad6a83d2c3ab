import Foundation

/// What happened to one request: the one result record that `apiary run --json`
/// prints, `apiary batch` writes (JSON lines, and CSV through `csvRow`), the
/// batch summary reads, `apiary audit` prints and `apiary queue import` reads
/// back into a review item.
///
/// It lives in Store, not Swarm, because DESIGN lets Store import nothing but
/// CSQLite while Batch imports both: the record is what is persisted (batch
/// item results, review items), so it is defined where it is kept, from plain
/// values only. Swarm's `SwarmResult` is the live value (a `Verdict`, a
/// `Route`); Batch maps it to this record once (`ResultRecord(_:)` there).
/// Each fact appears once: the domain at the top (not again in `route`), the
/// audit score only in `audit`.
public struct ResultRecord: Codable, Sendable, Equatable {
    /// `accepted`, `flagged` (queued for review), `blocked` (never delivered),
    /// `failed` (no result could be produced; the reason says why) and
    /// `rejected` (bad input, never given to the swarm).
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        case accepted, flagged, blocked, failed, rejected
    }

    /// One reason behind a verdict: the rule (`audit_score`, `pii`, `request_shortened`,
    /// `failure`, …) and the sentence a reviewer reads.
    public struct Reason: Codable, Sendable, Equatable {
        public var rule: String
        public var message: String

        public init(rule: String, message: String) {
            self.rule = rule
            self.message = message
        }
    }

    /// How the router decided (the chosen domain is the record's `domain`).
    public struct Route: Codable, Sendable, Equatable {
        public struct Strategy: Codable, Sendable, Equatable {
            public var strategy: String
            public var scores: [String: Double]
            public var decided: Bool
            public var seconds: Double
            /// `embedding`: its in-scope evidence, compared with `router.min_similarity` (left out for the others).
            public var similarity: Double?

            public init(strategy: String, scores: [String: Double], decided: Bool, seconds: Double, similarity: Double? = nil) {
                self.strategy = strategy
                self.scores = scores
                self.decided = decided
                self.seconds = seconds
                self.similarity = similarity
            }
        }

        public var confidence: Double
        /// The strategy that decided, or `none`.
        public var strategy: String
        /// `answer`, `refuse` or `review`.
        public var action: String
        public var seconds: Double
        public var strategies: [Strategy]

        public init(confidence: Double, strategy: String, action: String, seconds: Double, strategies: [Strategy]) {
            self.confidence = confidence
            self.strategy = strategy
            self.action = action
            self.seconds = seconds
            self.strategies = strategies
        }
    }

    /// The auditor's judgement of the answer.
    public struct Audit: Codable, Sendable, Equatable {
        /// In [0, 1]; the policy's threshold applies to it.
        public var score: Double
        /// `yes_no` or `scale`.
        public var method: String
        public var distribution: [String: Double]
        public var reasons: [String]
        public var seconds: Double
        public var promptTokens: Int

        enum CodingKeys: String, CodingKey {
            case score, method, distribution, reasons, seconds
            case promptTokens = "prompt_tokens"
        }

        public init(score: Double, method: String, distribution: [String: Double], reasons: [String],
                    seconds: Double, promptTokens: Int) {
            self.score = score
            self.method = method
            self.distribution = distribution
            self.reasons = reasons
            self.seconds = seconds
            self.promptTokens = promptTokens
        }
    }

    /// One pipeline step (policy, route, specialist, auditor).
    public struct Step: Codable, Sendable, Equatable {
        public var step: String
        public var seconds: Double
        public var tokensIn: Int
        public var tokensOut: Int
        public var notes: [String]

        enum CodingKeys: String, CodingKey {
            case step, seconds, notes
            case tokensIn = "tokens_in"
            case tokensOut = "tokens_out"
        }

        public init(step: String, seconds: Double, tokensIn: Int, tokensOut: Int, notes: [String]) {
            self.step = step
            self.seconds = seconds
            self.tokensIn = tokensIn
            self.tokensOut = tokensOut
            self.notes = notes
        }
    }

    /// The ticket id; nil only for a rejected record whose id could not be read.
    public var id: String?
    /// The batch job, for batch results.
    public var job: String?
    /// 1-based position of the record in the batch input (rejected records count).
    public var position: Int?
    /// Line of the input file where the record starts.
    public var line: Int?
    /// The request as the models saw it (personal data redacted), whole: when it had to be
    /// shortened to fit a context, a reason says so.
    public var request: String
    /// The ticket's other fields (priority, tags, requester, …), as the export had them.
    public var ticket: [String: String]
    /// The routed (or, for `apiary audit`, given) domain; nil when out of scope.
    public var domain: String?
    public var route: Route?
    public var specialist: String?
    /// The specialist's system prompt, kept for review and the fine-tuning export.
    public var systemPrompt: String?
    /// nil when no answer was produced.
    public var answer: String?
    public var audit: Audit?
    public var verdict: Verdict
    public var reasons: [Reason]
    /// Seconds from the start of the ticket's batch (or request) to its result.
    public var seconds: Double
    public var tokensIn: Int
    public var tokensOut: Int
    public var trace: [Step]

    enum CodingKeys: String, CodingKey {
        case id, job, position, line, request, ticket, domain, route, specialist, answer, audit, verdict, reasons,
             seconds, trace
        case systemPrompt = "system_prompt"
        case tokensIn = "tokens_in"
        case tokensOut = "tokens_out"
    }

    public init(id: String?, job: String? = nil, position: Int? = nil, line: Int? = nil, request: String,
                ticket: [String: String] = [:], domain: String? = nil, route: Route? = nil, specialist: String? = nil,
                systemPrompt: String? = nil, answer: String? = nil, audit: Audit? = nil, verdict: Verdict,
                reasons: [Reason] = [], seconds: Double = 0, tokensIn: Int = 0, tokensOut: Int = 0, trace: [Step] = []) {
        self.id = id
        self.job = job
        self.position = position
        self.line = line
        self.request = request
        self.ticket = ticket
        self.domain = domain
        self.route = route
        self.specialist = specialist
        self.systemPrompt = systemPrompt
        self.answer = answer
        self.audit = audit
        self.verdict = verdict
        self.reasons = reasons
        self.seconds = seconds
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.trace = trace
    }

    /// Optional fields are written as `null` (not left out), so every line has the same keys
    /// and readers can tell "no answer" from "an old file".
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(job, forKey: .job)
        try container.encode(position, forKey: .position)
        try container.encode(line, forKey: .line)
        try container.encode(request, forKey: .request)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(domain, forKey: .domain)
        try container.encode(route, forKey: .route)
        try container.encode(specialist, forKey: .specialist)
        try container.encode(systemPrompt, forKey: .systemPrompt)
        try container.encode(answer, forKey: .answer)
        try container.encode(audit, forKey: .audit)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(tokensIn, forKey: .tokensIn)
        try container.encode(tokensOut, forKey: .tokensOut)
        try container.encode(trace, forKey: .trace)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        job = try container.decodeIfPresent(String.self, forKey: .job)
        position = try container.decodeIfPresent(Int.self, forKey: .position)
        line = try container.decodeIfPresent(Int.self, forKey: .line)
        request = try container.decode(String.self, forKey: .request)
        ticket = try container.decodeIfPresent([String: String].self, forKey: .ticket) ?? [:]
        domain = try container.decodeIfPresent(String.self, forKey: .domain)
        route = try container.decodeIfPresent(Route.self, forKey: .route)
        specialist = try container.decodeIfPresent(String.self, forKey: .specialist)
        systemPrompt = try container.decodeIfPresent(String.self, forKey: .systemPrompt)
        answer = try container.decodeIfPresent(String.self, forKey: .answer)
        audit = try container.decodeIfPresent(Audit.self, forKey: .audit)
        verdict = try container.decode(Verdict.self, forKey: .verdict)
        reasons = try container.decode([Reason].self, forKey: .reasons)
        seconds = try container.decode(Double.self, forKey: .seconds)
        tokensIn = try container.decode(Int.self, forKey: .tokensIn)
        tokensOut = try container.decode(Int.self, forKey: .tokensOut)
        trace = try container.decode([Step].self, forKey: .trace)
    }
}
