import Foundation
import Inference

/// Turns texts into unit-length vectors (the sentence encoder of the
/// Inference target; a protocol so the router does not depend on how).
public protocol TextEmbedder: Sendable {
    func embed(_ texts: [String]) throws -> [[Float]]
}

/// `embedding`: cosine similarity of the request to each label's examples.
/// A label's similarity is the mean of its k nearest examples; similarities
/// become probabilities by a softmax with a sharp temperature, so a request
/// close to one domain's examples and far from the others is confident.
/// The similarity to the nearest in-scope example is kept as evidence for
/// `router.min_similarity`: far from everything the swarm knows is out of scope.
struct EmbeddingStrategy: RoutingStrategy {
    let name = "embedding"
    let embedder: any TextEmbedder
    let labels: [String]
    let vectors: [[[Float]]]          // per label: its examples' embeddings
    static let nearest = 3
    static let temperature = 0.05

    init(embedder: any TextEmbedder, examples: [LabelledExample]) throws {
        self.embedder = embedder
        let grouped = Dictionary(grouping: examples, by: \.domain)
        labels = grouped.keys.sorted()
        let all = try embedder.embed(labels.flatMap { grouped[$0]!.map(\.text) })
        var vectors: [[[Float]]] = []
        var offset = 0
        for label in labels {
            let count = grouped[label]!.count
            vectors.append(Array(all[offset..<(offset + count)]))
            offset += count
        }
        self.vectors = vectors
    }

    func scores(for text: String) throws -> [String: Double] {
        try evaluate(text).scores
    }

    func evaluate(_ text: String) throws -> StrategyEvaluation {
        guard let query = try embedder.embed([text]).first else { return StrategyEvaluation(scores: [:], similarity: nil) }
        var nearestInScope = -1.0
        let similarities = zip(labels, vectors).map { label, examples -> Double in
            let cosines = examples.map { example in Double(zip(example, query).reduce(0) { $0 + $1.0 * $1.1 }) }
            if label != Route.outOfScopeLabel { nearestInScope = max(nearestInScope, cosines.max() ?? -1) }
            let top = cosines.sorted(by: >).prefix(Self.nearest)
            return top.reduce(0, +) / Double(max(top.count, 1))
        }
        let maximum = similarities.max() ?? 0
        let exps = similarities.map { exp(($0 - maximum) / Self.temperature) }
        let sum = exps.reduce(0, +)
        return StrategyEvaluation(scores: Dictionary(uniqueKeysWithValues: zip(labels, exps.map { $0 / sum })),
                                  similarity: nearestInScope)
    }
}

extension SentenceEncoder: TextEmbedder {}
