import Foundation

/// Chooses the next token from logits, as a chain of small steps:
/// repetition penalty → top-k → temperature → softmax → top-p → min-p → draw.
/// With temperature 0 the chain is argmax after the penalty.
public struct Sampler: Sendable {
    public let parameters: SamplingParameters
    private var generator: SeededGenerator

    public init(_ parameters: SamplingParameters) {
        self.parameters = parameters
        self.generator = SeededGenerator(seed: parameters.seed)
    }

    /// A candidate token and its logit (then probability).
    struct Candidate {
        var id: Int32
        var value: Float
    }

    /// The next token after `logits`, given the tokens so far (for the penalty).
    public mutating func sample(_ logits: [Float], history: [Int32]) -> Int32 {
        draw(from: distribution(logits, history: history))
    }

    /// What the chain leaves to draw from: with temperature 0 the argmax alone.
    func distribution(_ logits: [Float], history: [Int32]) -> TokenDistribution {
        var logits = logits
        applyRepetitionPenalty(&logits, history: history)
        if parameters.temperature <= 0 {
            return TokenDistribution(greedy: Int32(Self.argmax(logits)))
        }
        var candidates = logits.enumerated().map { Candidate(id: Int32($0.offset), value: $0.element) }
        candidates.sort { $0.value > $1.value || ($0.value == $1.value && $0.id < $1.id) }
        if parameters.topK > 0, parameters.topK < candidates.count {
            candidates.removeSubrange(parameters.topK...)
        }
        for i in candidates.indices { candidates[i].value /= parameters.temperature }
        Self.softmax(&candidates)
        if parameters.topP < 1 {
            var cumulative: Float = 0
            var keep = candidates.count
            for (i, candidate) in candidates.enumerated() {
                cumulative += candidate.value
                if cumulative >= parameters.topP {
                    keep = i + 1
                    break
                }
            }
            candidates.removeSubrange(keep...)
        }
        if parameters.minP > 0, let best = candidates.first?.value {
            candidates.removeAll { $0.value < parameters.minP * best }
        }
        if candidates.isEmpty { return TokenDistribution(greedy: Int32(Self.argmax(logits))) }
        return TokenDistribution(candidates: candidates, greedy: false)
    }

    /// A token drawn from `distribution` (no draw for a greedy one).
    mutating func draw(from distribution: TokenDistribution) -> Int32 {
        if distribution.isGreedy { return distribution.candidates[0].id }
        return distribution.draw(uniform())
    }

    /// A uniform number in [0, 1) from this sampler's seeded stream.
    mutating func uniform() -> Float {
        Float(Double(generator.next() >> 11) / Double(1 << 53))
    }

    private func applyRepetitionPenalty(_ logits: inout [Float], history: [Int32]) {
        let penalty = parameters.repetitionPenalty
        guard penalty != 1, parameters.repetitionWindow > 0 else { return }
        for id in Set(history.suffix(parameters.repetitionWindow)) where id >= 0 && Int(id) < logits.count {
            let i = Int(id)
            logits[i] = logits[i] > 0 ? logits[i] / penalty : logits[i] * penalty
        }
    }

    static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }

    static func softmax(_ candidates: inout [Candidate]) {
        guard let maximum = candidates.first?.value else { return }
        var sum: Float = 0
        for i in candidates.indices {
            candidates[i].value = expf(candidates[i].value - maximum)
            sum += candidates[i].value
        }
        for i in candidates.indices { candidates[i].value /= sum }
    }
}

/// The tokens a sampler may pick and their weights (not necessarily summing to 1:
/// top-p and min-p drop some mass); a greedy one holds the argmax alone.
struct TokenDistribution {
    var candidates: [Sampler.Candidate]
    let isGreedy: Bool

    init(greedy token: Int32) {
        candidates = [.init(id: token, value: 1)]
        isGreedy = true
    }

    init(candidates: [Sampler.Candidate], greedy: Bool) {
        self.candidates = candidates
        isGreedy = greedy
    }

    var total: Float { candidates.reduce(0) { $0 + $1.value } }

    /// The normalised probability of `token` (0 when it is not a candidate).
    func probability(of token: Int32) -> Float {
        guard let weight = candidates.first(where: { $0.id == token })?.value, weight > 0 else { return 0 }
        return weight / total
    }

    /// The candidate where `uniform` (in [0, 1)) falls in the cumulative weights.
    func draw(_ uniform: Float) -> Int32 {
        var remaining = uniform * total
        for candidate in candidates {
            remaining -= candidate.value
            if remaining <= 0 { return candidate.id }
        }
        return candidates[candidates.count - 1].id
    }
}

/// SplitMix64: small, fast, and the same sequence on every platform for a seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
