import TOML

/// What a policy file says: how personal data is handled before any model sees a request, and
/// when an answer is accepted, sent to a reviewer, or blocked. Every field has a default, so an
/// empty policy file is a valid (and sensible) policy; see `policies/default.toml` for the file
/// format.
public struct PolicySpec: Sendable {
    /// Personal data in requests.
    public var pii = PIIRules()
    /// The auditor's score.
    public var audit = AuditRules()
    /// Which answers a person looks at even when nothing is wrong with them.
    public var review = ReviewRules()
    /// Checks on the specialist's answer.
    public var answer = AnswerRules()
    /// Limits on the incoming request.
    public var request = RequestRules()
    /// Prices and power for the dashboard's cost figures (`[costs]`).
    public var costs = CostRules()
    /// The file the policy was read from, if any.
    public var file: String?

    /// The default policy: all PII kinds redacted, audit threshold 0.5, answers up to 4000
    /// characters, requests up to 20000 characters, JSON required where a schema is set, no
    /// always-reviewed domains, no spot checks, no banned phrases.
    public init() {}

    public struct PIIRules: Sendable {
        /// The kinds looked for (default: all).
        public var kinds: Set<PIIKind> = Set(PIIKind.allCases)
        /// What happens to a match of a kind without an override.
        public var action: PIIAction = .redact
        /// Per-kind actions that replace `action`.
        public var overrides: [PIIKind: PIIAction] = [:]

        /// The action for `kind`.
        public func action(for kind: PIIKind) -> PIIAction { overrides[kind] ?? action }
    }

    public struct AuditRules: Sendable {
        /// Answers whose audit score is below this are flagged; `nil` never flags on score.
        public var threshold: Double? = 0.5
    }

    public struct ReviewRules: Sendable {
        /// Domains whose answers are always flagged for review.
        public var alwaysReview: [DomainReference] = []
        /// Fraction (0…1) of otherwise accepted answers sent to review at random.
        public var spotCheckRate: Double = 0
        /// Seed of the spot-check draw; with the request id it makes the draw repeatable.
        public var spotCheckSeed: UInt64 = 0

        /// Whether answers in `domain` are always reviewed.
        public func alwaysReviews(_ domain: String) -> Bool {
            alwaysReview.contains { $0.name == domain }
        }
    }

    public struct AnswerRules: Sendable {
        /// Longest acceptable answer in characters; longer answers are flagged. `nil`: no limit.
        public var maxCharacters: Int? = 4000
        /// Phrases an answer must not contain (compared case-insensitively).
        public var bannedPhrases: [String] = []
        /// Regular expressions an answer must not match (case-insensitive), compiled at load.
        public var bannedPatterns: [BannedPattern] = []
        /// What a banned phrase or pattern does to the answer.
        public var onBanned: ViolationAction = .flag
        /// Whether an answer that must be JSON (its specialist has a schema) but is not is
        /// blocked.
        public var requireJSON: Bool = true
    }

    /// What the policy file sets of `[costs]`; nil keeps the dashboard's documented default.
    public struct CostRules: Sendable, Equatable {
        public var inputPerMillion: Double?
        public var outputPerMillion: Double?
        public var watts: Double?
        public var hardware: Double?
        public var electricityPerKWh: Double?
        public var currency: String?

        public init(inputPerMillion: Double? = nil, outputPerMillion: Double? = nil, watts: Double? = nil, hardware: Double? = nil,
                    electricityPerKWh: Double? = nil, currency: String? = nil) {
            self.inputPerMillion = inputPerMillion
            self.outputPerMillion = outputPerMillion
            self.watts = watts
            self.hardware = hardware
            self.electricityPerKWh = electricityPerKWh
            self.currency = currency
        }
    }

    public struct RequestRules: Sendable {
        /// Longest request in characters; `nil`: no limit.
        public var maxCharacters: Int? = 20_000
        /// Largest request in UTF-8 bytes; `nil`: no limit.
        public var maxBytes: Int? = nil
        /// What happens to a request over a limit.
        public var onTooLarge: ViolationAction = .block
    }
}

/// What the policy does with personal data it finds in a request. In every case the data is
/// replaced by a placeholder before any model sees the text or anything is stored.
public enum PIIAction: String, Sendable, Hashable, CaseIterable {
    /// Replace it and carry on.
    case redact
    /// Replace it and send the result to a reviewer.
    case flag
    /// Replace it and refuse the request: no model runs.
    case block
}

/// What a broken rule does: send the item to a reviewer, or refuse it.
public enum ViolationAction: String, Sendable, Hashable, CaseIterable {
    case flag
    case block
}

/// A domain named by a policy, with where it was named so a swarm file check can point at an
/// unknown name.
public struct DomainReference: Sendable, Hashable {
    public var name: String
    public var position: TOMLPosition?

    public init(name: String, position: TOMLPosition? = nil) {
        self.name = name
        self.position = position
    }
}
