import Foundation

/// Log-probabilities of given continuations after a prompt: router labels,
/// auditor "yes"/"no", rating digits.
///
/// The prompt is evaluated once into a cache that every continuation forks
/// (`KVCache(sharing:)`); then every continuation's tokens but its last run
/// in one batched pass that returns each position's logits, so the weights
/// are read twice per call whatever the continuations' lengths (a label of
/// eight tokens once took eight passes).
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
        let prefix = transformer.makeCache(capacity: prompt.count)
        let promptLogits = try transformer.forward(prompt, cache: prefix)
        let promptLogSoftmax = Self.logSoftmax(promptLogits)

        var totals = continuations.map { $0.first.map { Double(promptLogSoftmax[Int($0)]) } ?? 0 }
        let later = try laterTokens(continuations.map { (cache: prefix, continuation: $0, capacity: prompt.count + $0.count) })
        for (index, value) in later { totals[index] += value }
        return totals
    }

    /// Σ log P(token k+1 | prompt, tokens ..k) over each continuation's tokens after its first:
    /// each runs its tokens but the last as one step on a fork of its prompt's cache, all in
    /// one batched pass returning every position's logits (position k scores token k + 1).
    /// Result: (index into `items`, sum) for the items of more than one token.
    private func laterTokens(_ items: [(cache: KVCache, continuation: [Int32], capacity: Int)]) throws -> [(Int, Double)] {
        let multi = items.indices.filter { items[$0].continuation.count > 1 }
        guard !multi.isEmpty else { return [] }
        let steps = multi.map {
            Transformer.SequenceStep(cache: KVCache(sharing: items[$0].cache, capacity: items[$0].capacity),
                                     tokens: Array(items[$0].continuation.dropLast()), logits: .all)
        }
        let logits = try model.transformer.forward(steps)  // per item: (count − 1, vocab)
        let vocabulary = model.transformer.parameters.vocabularySize
        return zip(multi, logits).map { index, rows in
            let continuation = items[index].continuation
            var sum = 0.0
            for position in 0..<(continuation.count - 1) {
                let row = Array(rows[(position * vocabulary)..<((position + 1) * vocabulary)])
                sum += Double(Self.logSoftmax(row)[Int(continuation[position + 1])])
            }
            return (index, sum)
        }
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
        // Every (prompt, continuation) pair with more tokens forks its prompt's cache.
        let pairs = prompts.indices.flatMap { p in continuations.indices.map { (p, $0) } }
        let later = try laterTokens(pairs.map { (cache: prefixes[$0.0], continuation: continuations[$0.1],
                                                 capacity: prompts[$0.0].count + continuations[$0.1].count) })
        for (index, value) in later { totals[pairs[index].0][pairs[index].1] += value }
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
