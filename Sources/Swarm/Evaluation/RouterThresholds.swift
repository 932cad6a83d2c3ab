/// The router's thresholds, the values `apiary eval --fit` fits and `--write` puts in the swarm
/// file: each strategy's minimum probability (`[router.confidence]`), the minimum margin, the
/// embedding cut-off for out of scope (`router.min_similarity`) and the similarity from which the
/// embedding decides (`router.confident_similarity`).
public struct RouterThresholds: Codable, Sendable, Equatable {
    /// Per strategy in the cascade, the probability its best label needs to decide.
    public var confidence: [String: Double]
    public var minMargin: Double
    /// nil: no cut-off.
    public var minSimilarity: Double?
    /// nil: the embedding decides at any similarity.
    public var confidentSimilarity: Double?

    enum CodingKeys: String, CodingKey {
        case confidence
        case minMargin = "min_margin"
        case minSimilarity = "min_similarity"
        case confidentSimilarity = "confident_similarity"
    }

    public init(confidence: [String: Double], minMargin: Double, minSimilarity: Double?, confidentSimilarity: Double? = nil) {
        self.confidence = confidence
        self.minMargin = minMargin
        self.minSimilarity = minSimilarity
        self.confidentSimilarity = confidentSimilarity
    }

    /// The thresholds in force in `spec`, every strategy's confidence spelled out.
    public init(_ spec: RouterSpec) {
        confidence = Dictionary(uniqueKeysWithValues: spec.strategies.map { ($0.name, spec.minimumConfidence(for: $0.name)) })
        minMargin = spec.minMargin
        minSimilarity = spec.minSimilarity
        confidentSimilarity = spec.confidentSimilarity
    }

    /// `spec` with these thresholds.
    public func applied(to spec: RouterSpec) -> RouterSpec {
        var spec = spec
        for (name, value) in confidence { spec.strategyConfidence[name] = value }
        spec.minMargin = minMargin
        spec.minSimilarity = minSimilarity
        spec.confidentSimilarity = confidentSimilarity
        return spec
    }

    /// The settings as swarm-file keys (`router.confidence.classifier`, `router.min_margin`,
    /// `router.min_similarity`) whose value differs from `current`, in a stable order.
    public func changes(from current: RouterThresholds) -> [(key: [String], value: Double)] {
        var changes: [(key: [String], value: Double)] = []
        for name in confidence.keys.sorted() where confidence[name] != current.confidence[name] {
            changes.append((["router", "confidence", name], confidence[name]!))
        }
        if minMargin != current.minMargin { changes.append((["router", "min_margin"], minMargin)) }
        if minSimilarity != current.minSimilarity {
            // No cut-off is written as 0: cosine similarities of real sentences are above it.
            changes.append((["router", "min_similarity"], minSimilarity ?? 0))
        }
        if confidentSimilarity != current.confidentSimilarity {
            changes.append((["router", "confident_similarity"], confidentSimilarity ?? 0))
        }
        return changes
    }
}
