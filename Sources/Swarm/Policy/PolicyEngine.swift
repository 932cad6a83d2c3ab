import Foundation

/// Applies a `PolicySpec` at the two points of the pipeline where it decides:
///
/// * `pre(request:)` before anything else — size limits and personal data. The text it returns
///   is the only text routers, models and the review queue may see.
/// * `verdict(…)` after the auditor — whether the answer is accepted, flagged for review, or
///   blocked, with a reason a reviewer can read for each flag.
public struct PolicyEngine: Sendable {
    public let spec: PolicySpec
    private let scanner: PIIScanner
    private let spotCheck: SpotCheck

    public init(spec: PolicySpec = PolicySpec()) {
        self.spec = spec
        self.scanner = PIIScanner(kinds: spec.pii.kinds)
        self.spotCheck = SpotCheck(rate: spec.review.spotCheckRate, seed: spec.review.spotCheckSeed)
    }

    // MARK: Before routing

    /// Checks the request's size and replaces its personal data by placeholders. Whatever the
    /// actions, the returned text is redacted, so even a blocked request can be stored safely.
    public func pre(request: String) -> PreResult {
        var flags: [PolicyReason] = []
        var blocks: [PolicyReason] = []
        for reason in sizeViolations(of: request) {
            switch spec.request.onTooLarge {
            case .flag: flags.append(reason)
            case .block: blocks.append(reason)
            }
        }
        let redaction = scanner.redact(request)
        var seen = Set<PIIKind>()
        for kind in redaction.kinds where seen.insert(kind).inserted {
            let count = redaction.counts[kind] ?? 0
            let what = count == 1 ? kind.readableName : "\(count) \(kind.pluralName)"
            switch spec.pii.action(for: kind) {
            case .redact:
                break
            case .flag:
                flags.append(PolicyReason(.personalData, "contains \(what) (redacted)"))
            case .block:
                blocks.append(PolicyReason(.personalData, "contains \(what) (blocked by policy)"))
            }
        }
        return PreResult(text: redaction.text, redactedKinds: redaction.kinds, flags: flags, blockedBecause: blocks.first)
    }

    private func sizeViolations(of request: String) -> [PolicyReason] {
        var reasons: [PolicyReason] = []
        if let limit = spec.request.maxBytes, request.utf8.count > limit {
            reasons.append(PolicyReason(.requestSize, "request is \(request.utf8.count) bytes, over the limit of \(limit)"))
        }
        if let limit = spec.request.maxCharacters {
            let characters = request.count
            if characters > limit {
                reasons.append(PolicyReason(.requestSize, "request is \(characters) characters, over the limit of \(limit)"))
            }
        }
        return reasons
    }

    // MARK: After the audit

    /// Decides about an answer.
    ///
    /// - Parameters:
    ///   - domain: the routed domain, `nil` when out of scope.
    ///   - answer: the specialist's answer.
    ///   - auditScore: the auditor's score in 0…1; `nil` when the swarm has no auditor (then
    ///     the threshold does not apply).
    ///   - requestID: the request's stable id (a ticket id); it fixes the spot-check draw.
    ///   - answerMustBeJSON: whether the specialist has an output schema.
    /// - Returns: `.blocked` for invalid JSON where JSON is required or a banned phrase when
    ///   `on_banned = "block"`; otherwise `.flagged` with every reason that applies; otherwise a
    ///   spot check may flag the answer; otherwise `.accepted`.
    public func verdict(
        domain: String?, answer: String, auditScore: Double?, requestID: String, answerMustBeJSON: Bool
    ) -> Verdict {
        if answerMustBeJSON && spec.answer.requireJSON && !Self.isValidJSON(answer) {
            return .blocked(PolicyReason(.invalidJSON, "answer is not valid JSON although the specialist has an output schema"))
        }
        let banned = bannedContent(in: answer)
        if spec.answer.onBanned == .block, let first = banned.first {
            return .blocked(first)
        }
        var reasons: [PolicyReason] = []
        if let threshold = spec.audit.threshold, let score = auditScore, !(score >= threshold) {
            reasons.append(PolicyReason(.auditScore, "audit score \(Self.twoDecimals(score)) below threshold \(Self.twoDecimals(threshold))"))
        }
        if let domain, spec.review.alwaysReviews(domain) {
            reasons.append(PolicyReason(.alwaysReviewedDomain, "domain \(domain) is always reviewed"))
        }
        if let limit = spec.answer.maxCharacters {
            let characters = answer.count
            if characters > limit {
                reasons.append(PolicyReason(.answerLength, "answer is \(characters) characters, over the limit of \(limit)"))
            }
        }
        reasons += banned
        if !reasons.isEmpty { return .flagged(reasons) }
        // Spot checks sample answers that would otherwise go out unseen.
        if spotCheck.selects(requestID: requestID) {
            return .flagged([PolicyReason(.spotCheck, "random spot check (rate \(Self.percent(spotCheck.rate)))")])
        }
        return .accepted
    }

    private func bannedContent(in answer: String) -> [PolicyReason] {
        var reasons: [PolicyReason] = []
        for phrase in spec.answer.bannedPhrases where answer.range(of: phrase, options: .caseInsensitive) != nil {
            reasons.append(PolicyReason(.bannedPhrase, "contains banned phrase \"\(phrase)\""))
        }
        for pattern in spec.answer.bannedPatterns where pattern.matches(answer) {
            reasons.append(PolicyReason(.bannedPhrase, "matches banned pattern /\(pattern.pattern)/"))
        }
        return reasons
    }

    /// Whether `text` is one JSON value (surrounding whitespace allowed).
    static func isValidJSON(_ text: String) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
    }

    /// `0.42`: scores are shown to two decimals, as thresholds are written.
    static func twoDecimals(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    /// `5%`, `0.5%`, `12.5%`.
    static func percent(_ fraction: Double) -> String {
        String(format: "%g%%", fraction * 100)
    }
}

/// What `PolicyEngine.pre(request:)` decided about a request.
public struct PreResult: Sendable, Hashable {
    /// The request with personal data replaced by placeholders: the only text later steps see.
    public var text: String
    /// The kind of each replaced match, in text order (the matched text is not kept).
    public var redactedKinds: [PIIKind]
    /// Reasons to send the result to review, whatever the answer.
    public var flags: [PolicyReason]
    /// Why the request is refused, if it is; then no model may run.
    public var blockedBecause: PolicyReason?

    public init(text: String, redactedKinds: [PIIKind], flags: [PolicyReason], blockedBecause: PolicyReason?) {
        self.text = text
        self.redactedKinds = redactedKinds
        self.flags = flags
        self.blockedBecause = blockedBecause
    }

    public var isBlocked: Bool { blockedBecause != nil }
}
