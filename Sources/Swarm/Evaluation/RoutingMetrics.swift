import Foundation

/// How well a routing rule did on labelled requests. Out of scope is one more label: it counts
/// in accuracy and macro-F1 like a domain, and has its own precision and recall. A figure whose
/// denominator is zero (no out-of-scope requests, say) is nil (`null` in JSON).
public struct RoutingMetrics: Codable, Sendable, Equatable {
    public var count: Int
    /// Share of requests given their true label (a domain, or out of scope).
    public var accuracy: Double?
    /// Share of in-scope requests sent to their true domain.
    public var inScopeAccuracy: Double?
    /// Of the requests called out of scope, the share that were.
    public var outOfScopePrecision: Double?
    /// Of the out-of-scope requests, the share called so (not answered by a specialist).
    public var outOfScopeRecall: Double?
    /// Where the out-of-scope recall on new requests likely lies (95 %): a fit on 100
    /// out-of-scope requests is sure of it to about ±0.07.
    public var outOfScopeRecallInterval: ProportionInterval?
    /// Mean F1 over the labels that occur (true or predicted); a label's F1 is
    /// 2·TP / (2·TP + FP + FN).
    public var macroF1: Double?
    public var confusion: ConfusionMatrix
    public var calibration: Calibration
    public var latency: Latency

    enum CodingKeys: String, CodingKey {
        case count, accuracy, macroF1 = "macro_f1", confusion, calibration, latency
        case inScopeAccuracy = "in_scope_accuracy"
        case outOfScopePrecision = "out_of_scope_precision"
        case outOfScopeRecall = "out_of_scope_recall"
        case outOfScopeRecallInterval = "out_of_scope_recall_interval"
    }

    public init(_ outcomes: [RoutingOutcome]) {
        let oos = Route.outOfScopeLabel
        count = outcomes.count
        accuracy = Self.share(outcomes) { $0.predicted == $0.gold }
        inScopeAccuracy = Self.share(outcomes.filter { $0.gold != oos }) { $0.predicted == $0.gold }
        outOfScopePrecision = Self.share(outcomes.filter { $0.predicted == oos }) { $0.gold == oos }
        let outOfScope = outcomes.filter { $0.gold == oos }
        let caught = outOfScope.filter { $0.predicted == oos }.count
        outOfScopeRecall = outOfScope.isEmpty ? nil : Double(caught) / Double(outOfScope.count)
        outOfScopeRecallInterval = ProportionInterval(successes: caught, trials: outOfScope.count)
        confusion = ConfusionMatrix(outcomes)
        macroF1 = confusion.macroF1
        calibration = Calibration(outcomes.compactMap { outcome in
            outcome.scored.map { (probability: $0.probability, correct: $0.label == outcome.gold) }
        })
        latency = Latency(outcomes.map(\.seconds))
    }

    static func share(_ outcomes: [RoutingOutcome], _ predicate: (RoutingOutcome) -> Bool) -> Double? {
        outcomes.isEmpty ? nil : Double(outcomes.filter(predicate).count) / Double(outcomes.count)
    }
}

/// Counts of (true label, predicted label). Labels are sorted, out of scope last.
public struct ConfusionMatrix: Codable, Sendable, Equatable {
    public var labels: [String]
    /// `counts[i][j]`: requests whose true label is `labels[i]` that were given `labels[j]`.
    public var counts: [[Int]]

    public init(_ outcomes: [RoutingOutcome]) {
        let oos = Route.outOfScopeLabel
        let present = Set(outcomes.flatMap { [$0.gold, $0.predicted] })
        labels = present.filter { $0 != oos }.sorted() + (present.contains(oos) ? [oos] : [])
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var counts = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        for outcome in outcomes {
            counts[index[outcome.gold]!][index[outcome.predicted]!] += 1
        }
        self.counts = counts
    }

    /// F1 per label, in `labels` order.
    public var f1: [Double] {
        labels.indices.map { i in
            let truePositives = counts[i][i]
            let falsePositives = labels.indices.reduce(0) { $0 + counts[$1][i] } - truePositives
            let falseNegatives = counts[i].reduce(0, +) - truePositives
            let denominator = 2 * truePositives + falsePositives + falseNegatives
            return denominator == 0 ? 0 : Double(2 * truePositives) / Double(denominator)
        }
    }

    public var macroF1: Double? {
        labels.isEmpty ? nil : f1.reduce(0, +) / Double(labels.count)
    }
}

/// Whether probabilities come true: requests binned by the probability of their scores' best
/// label (10 equal-width bins over [0, 1]); expected calibration error is the count-weighted mean
/// of |accuracy − mean probability| over the bins.
public struct Calibration: Codable, Sendable, Equatable {
    public struct Bin: Codable, Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        /// Mean probability in the bin; nil when empty.
        public var meanProbability: Double?
        /// Share of the bin's best labels that were right; nil when empty.
        public var accuracy: Double?

        enum CodingKeys: String, CodingKey {
            case lower, upper, count, accuracy
            case meanProbability = "mean_probability"
        }
    }

    public static let binCount = 10
    /// Expected calibration error; nil without scored requests.
    public var expectedError: Double?
    public var bins: [Bin]

    enum CodingKeys: String, CodingKey {
        case bins
        case expectedError = "expected_calibration_error"
    }

    public init(_ predictions: [(probability: Double, correct: Bool)]) {
        var sums = Array(repeating: (count: 0, probability: 0.0, correct: 0), count: Self.binCount)
        for prediction in predictions where prediction.probability.isFinite {
            // [0, 0.1), [0.1, 0.2), …, [0.9, 1]
            let bin = min(Self.binCount - 1, max(0, Int(prediction.probability * Double(Self.binCount))))
            sums[bin].count += 1
            sums[bin].probability += prediction.probability
            sums[bin].correct += prediction.correct ? 1 : 0
        }
        let total = sums.reduce(0) { $0 + $1.count }
        bins = sums.enumerated().map { i, sum in
            Bin(lower: Double(i) / Double(Self.binCount), upper: Double(i + 1) / Double(Self.binCount), count: sum.count,
                meanProbability: sum.count == 0 ? nil : sum.probability / Double(sum.count),
                accuracy: sum.count == 0 ? nil : Double(sum.correct) / Double(sum.count))
        }
        expectedError = total == 0 ? nil : bins.reduce(0) { error, bin in
            guard let accuracy = bin.accuracy, let mean = bin.meanProbability else { return error }
            return error + Double(bin.count) / Double(total) * abs(accuracy - mean)
        }
    }
}

/// Latency percentiles in milliseconds, by the nearest-rank method (the smallest value with at
/// least p % of the values at or below it).
public struct Latency: Codable, Sendable, Equatable {
    public var p50: Double?
    public var p95: Double?

    enum CodingKeys: String, CodingKey {
        case p50 = "p50_ms", p95 = "p95_ms"
    }

    public init(_ seconds: [Double]) {
        let sorted = seconds.sorted()
        p50 = Self.percentile(sorted, 0.50).map { $0 * 1000 }
        p95 = Self.percentile(sorted, 0.95).map { $0 * 1000 }
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }
}
