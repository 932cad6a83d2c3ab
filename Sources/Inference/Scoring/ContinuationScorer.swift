import Foundation

/// Log-probabilities of given continuations after a prompt: router labels,
/// auditor "yes"/"no", rating digits.
///
/// The prompt is evaluated once into a cache that every continuation forks
/// (`KVCache(sharing:)`), and all continuations advance together in one
/// batched forward pass per token position.
public struct ContinuationScorer: Sendable {
    public let model: LanguageModel
    /// Where the prompts' shared prefixes are kept between calls (an auditor's
    /// instructions); nil computes each call's.
    public var prefixes: PromptPrefixCache?

    public init(model: LanguageModel, prefixes: PromptPrefixCache? = nil) {
        self.model = model
        self.prefixes = prefixes
    }

    /// log P(continuation | prompt) for each continuation (token ids; each non-empty).
    public func logProbabilities(prompt: [Int32], continuations: [[Int32]]) throws -> [Double] {
        guard !prompt.isEmpty else { throw GenerationError.emptyPrompt }
        let transformer = model.transformer
        let longest = continuations.map(\.count).max() ?? 0
        let prefix = transformer.makeCache(capacity: prompt.count)
        let promptLogits = try transformer.forward(prompt, cache: prefix)
        let promptLogSoftmax = Self.logSoftmax(promptLogits)

        var totals = continuations.map { $0.first.map { Double(promptLogSoftmax[Int($0)]) } ?? 0 }
        guard longest > 1 else { return totals }
        // Later tokens: every continuation with more tokens advances one position per pass.
        let caches = continuations.map { KVCache(sharing: prefix, capacity: prompt.count + $0.count) }
        for position in 0..<(longest - 1) {
            let active = continuations.indices.filter { continuations[$0].count > position + 1 }
            let steps = active.map { Transformer.SequenceStep(cache: caches[$0], tokens: [continuations[$0][position]]) }
            let logits = try transformer.forward(steps)
            for (row, index) in active.enumerated() {
                let next = Int(continuations[index][position + 1])
                totals[index] += Double(Self.logSoftmax(logits[row])[next])
            }
        }
        return totals
    }

    /// The same for several prompts at once: their common prefix is evaluated once
    /// (or taken from `prefixes`), the rest of every prompt in one batched forward
    /// pass (each weight read once for all of them), then the continuations' later
    /// tokens advance together. Result [prompt][continuation].
    public func logProbabilities(prompts: [[Int32]], continuations: [[Int32]]) throws -> [[Double]] {
        guard !prompts.isEmpty else { return [] }
        guard prompts.allSatisfy({ !$0.isEmpty }) else { throw GenerationError.emptyPrompt }
        let transformer = model.transformer
        let (shared, length) = try PromptPrefixCache.sharedPrefix(of: prompts, transformer: transformer, store: self.prefixes)
        let prefixes = prompts.map { KVCache(sharing: shared, positions: length, capacity: $0.count) }
        let firstLogits = try transformer.forward(zip(prefixes, prompts).map { .init(cache: $0, tokens: Array($1[length...])) })
        var totals = firstLogits.map { logits -> [Double] in
            let logSoftmax = Self.logSoftmax(logits)
            return continuations.map { $0.first.map { Double(logSoftmax[Int($0)]) } ?? 0 }
        }
        let longest = continuations.map(\.count).max() ?? 0
        guard longest > 1 else { return totals }
        // Every (prompt, continuation) pair with more tokens forks its prompt's cache.
        let pairs = prompts.indices.flatMap { p in continuations.indices.filter { continuations[$0].count > 1 }.map { (p, $0) } }
        let caches = pairs.map { KVCache(sharing: prefixes[$0.0], capacity: prompts[$0.0].count + continuations[$0.1].count) }
        for position in 0..<(longest - 1) {
            let active = pairs.indices.filter { continuations[pairs[$0].1].count > position + 1 }
            let logits = try transformer.forward(active.map { .init(cache: caches[$0], tokens: [continuations[pairs[$0].1][position]]) })
            for (row, index) in active.enumerated() {
                let (p, c) = pairs[index]
                totals[p][c] += Double(Self.logSoftmax(logits[row])[Int(continuations[c][position + 1])])
            }
        }
        return totals
    }

    /// Normalises log-probabilities of mutually exclusive options to a distribution.
    public static func distribution(_ logProbabilities: [Double]) -> [Double] {
        guard let maximum = logProbabilities.max(), maximum.isFinite else {
            return logProbabilities.map { _ in 1 / Double(max(logProbabilities.count, 1)) }
        }
        let exps = logProbabilities.map { exp($0 - maximum) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }

    static func logSoftmax(_ logits: [Float]) -> [Float] {
        guard let maximum = logits.max() else { return [] }
        var sum: Double = 0
        for value in logits { sum += exp(Double(value - maximum)) }
        let logSum = Float(log(sum)) + maximum
        return logits.map { $0 - logSum }
    }
}
