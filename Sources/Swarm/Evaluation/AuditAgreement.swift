/// `apiary calibrate`: how well the auditor agrees with the reviewers, from decided review
/// items (audit score, and whether the reviewer approved the answer as it was — rejected and
/// edited answers were not good enough), and the threshold that meets a target.
///
/// Flagging means "score below the threshold"; the positive class is an answer the reviewer did
/// not approve, so precision is the share of flagged answers that were rejected or edited and
/// recall the share of those that would have been flagged.
public struct AuditAgreement: Codable, Sendable, Equatable {
    /// One decided item.
    public struct Decision: Sendable, Equatable {
        public var score: Double
        public var approved: Bool

        public init(score: Double, approved: Bool) {
            self.score = score
            self.approved = approved
        }
    }

    /// What the threshold should achieve.
    public enum Target: Sendable, Equatable, CustomStringConvertible {
        /// At most this share of all answers flagged (the highest such threshold).
        case reviewRate(Double)
        /// At most this share of the answers reviewers rejected or edited would have been
        /// accepted (the lowest such threshold: fewest answers flagged).
        case maxMissed(Double)

        public var description: String {
            switch self {
            case .reviewRate(let rate): return "review rate ≤ \(Self.percent(rate))"
            case .maxMissed(let share): return "missed ≤ \(Self.percent(share)) of rejected or edited answers"
            }
        }

        static func percent(_ value: Double) -> String {
            let p = (value * 1000).rounded() / 10
            return p == p.rounded() ? "\(Int(p)) %" : "\(p) %"
        }
    }

    /// Flagging at one threshold.
    public struct Flagging: Codable, Sendable, Equatable {
        public var threshold: Double
        /// Share of all answers flagged.
        public var reviewRate: Double?
        /// Of the flagged answers, the share reviewers rejected or edited.
        public var precision: Double?
        /// Of the rejected or edited answers, the share flagged.
        public var recall: Double?
        /// Of the rejected or edited answers, the share that would have been accepted (1 − recall).
        public var missed: Double?
        /// Cohen's κ between the auditor (accept: score ≥ threshold) and the reviewers (approve).
        public var kappa: Double?

        enum CodingKeys: String, CodingKey {
            case threshold, precision, recall, missed, kappa
            case reviewRate = "review_rate"
        }
    }

    public var decided: Int
    public var approved: Int
    /// Probability that an approved answer scores above a rejected or edited one (ties half).
    public var auroc: Double?
    public var current: Flagging
    /// The threshold meeting the target, when one was given and some threshold meets it.
    public var suggested: Flagging?
    public var target: String?

    public init(_ decisions: [Decision], threshold: Double, target: Target? = nil) {
        decided = decisions.count
        approved = decisions.filter(\.approved).count
        auroc = Self.auroc(decisions)
        current = Self.flagging(decisions, threshold: threshold)
        self.target = target?.description
        suggested = target.flatMap { Self.threshold(decisions, meeting: $0) }.map { Self.flagging(decisions, threshold: $0) }
    }

    static func auroc(_ decisions: [Decision]) -> Double? {
        let good = decisions.filter(\.approved).map(\.score).sorted()
        let bad = decisions.filter { !$0.approved }.map(\.score)
        guard !good.isEmpty, !bad.isEmpty else { return nil }
        var wins = 0.0
        for score in bad {
            // Approved scores above this one count 1, equal ones ½.
            let below = lowerBound(good, score)
            let notAbove = upperBound(good, score)
            wins += Double(good.count - notAbove) + 0.5 * Double(notAbove - below)
        }
        return wins / Double(good.count * bad.count)
    }

    static func flagging(_ decisions: [Decision], threshold: Double) -> Flagging {
        let flagged = decisions.filter { $0.score < threshold }
        let bad = decisions.filter { !$0.approved }
        let caught = flagged.filter { !$0.approved }.count
        let n = Double(decisions.count)
        var kappa: Double?
        if !decisions.isEmpty {
            // Auditor accepts ⇔ score ≥ threshold; reviewer accepts ⇔ approved.
            let agree = decisions.filter { ($0.score >= threshold) == $0.approved }.count
            let auditorAccepts = Double(decisions.count - flagged.count) / n
            let reviewerAccepts = Double(decisions.count - bad.count) / n
            let observed = Double(agree) / n
            let expected = auditorAccepts * reviewerAccepts + (1 - auditorAccepts) * (1 - reviewerAccepts)
            kappa = expected >= 1 ? nil : (observed - expected) / (1 - expected)
        }
        return Flagging(threshold: threshold,
                        reviewRate: decisions.isEmpty ? nil : Double(flagged.count) / n,
                        precision: flagged.isEmpty ? nil : Double(caught) / Double(flagged.count),
                        recall: bad.isEmpty ? nil : Double(caught) / Double(bad.count),
                        missed: bad.isEmpty ? nil : Double(bad.count - caught) / Double(bad.count),
                        kappa: kappa)
    }

    /// The threshold meeting `target`. Candidates lie between consecutive decided scores (and
    /// below the lowest, above the highest), rounded to four decimals as they are written.
    static func threshold(_ decisions: [Decision], meeting target: Target) -> Double? {
        guard !decisions.isEmpty else { return nil }
        let scores = Array(Set(decisions.map(\.score))).sorted()
        let between = zip(scores, scores.dropFirst()).map { ($0 + $1) / 2 }
        let candidates = Array(Set(([0] + between + [scores.last! + 0.0001]).map { min(1, max(0, ($0 * 10_000).rounded() / 10_000)) })).sorted()
        switch target {
        case .reviewRate(let rate):
            return candidates.last { (flagging(decisions, threshold: $0).reviewRate ?? 0) <= rate + 1e-12 }
        case .maxMissed(let share):
            return candidates.first { (flagging(decisions, threshold: $0).missed ?? 0) <= share + 1e-12 }
        }
    }

    private static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
        var (low, high) = (0, sorted.count)
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func upperBound(_ sorted: [Double], _ value: Double) -> Int {
        var (low, high) = (0, sorted.count)
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
