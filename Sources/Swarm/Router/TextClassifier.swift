import Foundation
import Inference

/// A linear text classifier trained when the swarm loads: hashed word
/// uni/bigrams and character 3–5-grams, multinomial logistic regression by
/// seeded stochastic gradient descent. Milliseconds to train on a few hundred
/// examples, microseconds to run, and its outputs are calibrated enough to
/// threshold.
public struct TextClassifier: Sendable {
    /// A sparse feature vector: bucket index → weight (L2-normalised).
    typealias Features = [(index: Int, value: Float)]

    static let bucketBits = 18
    static var bucketCount: Int { 1 << bucketBits }

    public let labels: [String]
    /// (labels, buckets) row-major.
    private let weights: [Float]
    private let biases: [Float]

    /// Trains on `examples` (text, label). Labels are sorted for determinism.
    public init(examples: [(text: String, label: String)], epochs: Int = 40, learningRate: Float = 0.5,
                l2: Float = 1e-5, seed: UInt64 = 1) {
        let labels = Array(Set(examples.map(\.label))).sorted()
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let data = examples.map { (features: Self.features($0.text), label: index[$0.label] ?? 0) }
        let buckets = Self.bucketCount
        var weights = [Float](repeating: 0, count: labels.count * buckets)
        var biases = [Float](repeating: 0, count: labels.count)
        var order = Array(data.indices)
        var generator = SeededGenerator(seed: seed)
        var probabilities = [Float](repeating: 0, count: labels.count)
        for epoch in 0..<epochs {
            order.shuffle(using: &generator)
            let rate = learningRate / (1 + Float(epoch) * 0.1)
            for i in order {
                let (features, label) = data[i]
                Self.predict(features, weights: weights, biases: biases, classes: labels.count, into: &probabilities)
                for c in 0..<labels.count {
                    // Gradient of the cross-entropy: p − 1[c = label].
                    let gradient = probabilities[c] - (c == label ? 1 : 0)
                    biases[c] -= rate * gradient
                    let row = c * buckets
                    for (bucket, value) in features {
                        weights[row + bucket] -= rate * (gradient * value + l2 * weights[row + bucket])
                    }
                }
            }
        }
        self.labels = labels
        self.weights = weights
        self.biases = biases
    }

    /// Probability per label.
    public func probabilities(_ text: String) -> [String: Double] {
        var p = [Float](repeating: 0, count: labels.count)
        Self.predict(Self.features(text), weights: weights, biases: biases, classes: labels.count, into: &p)
        return Dictionary(uniqueKeysWithValues: zip(labels, p.map(Double.init)))
    }

    private static func predict(_ features: Features, weights: [Float], biases: [Float], classes: Int, into p: inout [Float]) {
        let buckets = bucketCount
        var maximum = -Float.infinity
        for c in 0..<classes {
            var z = biases[c]
            let row = c * buckets
            for (bucket, value) in features { z += weights[row + bucket] * value }
            p[c] = z
            maximum = max(maximum, z)
        }
        var sum: Float = 0
        for c in 0..<classes {
            p[c] = expf(p[c] - maximum)
            sum += p[c]
        }
        for c in 0..<classes { p[c] /= sum }
    }

    /// Hashed features of a text, L2-normalised.
    static func features(_ text: String) -> Features {
        let words = TextFeatures.words(text)
        var counts: [Int: Float] = [:]
        func add(_ key: some Sequence<UInt8>, salt: UInt64) {
            counts[Int(fnv1a(key, salt: salt) & UInt64(bucketCount - 1)), default: 0] += 1
        }
        var previous: Substring?
        for word in words {
            add(word.utf8, salt: 1)
            if let previous { add(Array(previous.utf8) + [0x20] + Array(word.utf8), salt: 2) }
            previous = word
            let padded = Array("<\(word)>".unicodeScalars)
            for n in 3...5 where padded.count >= n {
                for start in 0...(padded.count - n) {
                    add(String(String.UnicodeScalarView(padded[start..<(start + n)])).utf8, salt: 3)
                }
            }
        }
        let norm = counts.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return [] }
        // Sorted so sums run in one order: training and scores are reproducible to the bit.
        return counts.sorted { $0.key < $1.key }.map { (index: $0.key, value: $0.value / norm) }
    }

    private static func fnv1a(_ bytes: some Sequence<UInt8>, salt: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ salt
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// `classifier` strategy over a trained `TextClassifier`.
struct ClassifierStrategy: RoutingStrategy {
    let name = "classifier"
    let classifier: TextClassifier

    func scores(for text: String) -> [String: Double] {
        classifier.probabilities(text)
    }
}
