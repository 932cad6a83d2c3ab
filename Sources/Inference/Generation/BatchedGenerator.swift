import Foundation

/// Generates answers for many prompts at once: every decode step advances all
/// unfinished sequences in one forward pass (each weight read once for all),
/// and the prompts' common prefix — a specialist's system prompt and examples —
/// is computed once into a cache every sequence forks; with `prefixes`, once for
/// every later call too.
public struct BatchedGenerator: Sendable {
    public let model: LanguageModel
    /// Sequences advanced together (memory: one KV cache each).
    public var batchSize: Int
    /// Where prefixes computed by earlier calls are kept; nil computes each batch's.
    public var prefixes: PromptPrefixCache?

    public init(model: LanguageModel, batchSize: Int = 16, prefixes: PromptPrefixCache? = nil) {
        self.model = model
        self.batchSize = max(1, batchSize)
        self.prefixes = prefixes
    }

    /// One result per prompt, in order. `onFinished(index, result)` is called as
    /// each sequence ends (for progress and streaming to a results file).
    public func generate(prompts: [[Int32]], options: GenerationOptions,
                         onFinished: (Int, GenerationResult) -> Void = { _, _ in }) throws -> [GenerationResult] {
        var results = [GenerationResult?](repeating: nil, count: prompts.count)
        var start = 0
        while start < prompts.count {
            let indices = Array(start..<min(start + batchSize, prompts.count))
            let chunk = try generateChunk(indices.map { prompts[$0] }, options: options) { local, result in
                onFinished(indices[local], result)
            }
            for (local, result) in chunk.enumerated() { results[indices[local]] = result }
            start += batchSize
        }
        return results.compactMap { $0 }
    }

    /// The longest prefix every prompt shares, leaving each at least one own token
    /// (its last prompt token must be evaluated to get its first logits).
    static func commonPrefixLength(_ prompts: [[Int32]]) -> Int {
        guard var length = prompts.first.map({ $0.count - 1 }) else { return 0 }
        for prompt in prompts.dropFirst() {
            length = min(length, prompt.count - 1)
            var i = 0
            while i < length && prompt[i] == prompts[0][i] { i += 1 }
            length = i
        }
        return max(0, length)
    }

    private func generateChunk(_ prompts: [[Int32]], options: GenerationOptions,
                               onFinished: (Int, GenerationResult) -> Void) throws -> [GenerationResult] {
        let transformer = model.transformer
        let context = min(options.contextLength, transformer.parameters.contextLength)
        for prompt in prompts {
            guard !prompt.isEmpty else { throw GenerationError.emptyPrompt }
            guard prompt.count < context else { throw GenerationError.promptTooLong(tokens: prompt.count, context: context) }
        }
        let promptStart = Date()
        let (prefix, shared) = try PromptPrefixCache.sharedPrefix(of: prompts, transformer: transformer, store: prefixes)
        let caches = prompts.map { KVCache(sharing: prefix, positions: shared, capacity: min(context, $0.count + options.maxTokens)) }
        var logits = try transformer.forward(zip(caches, prompts).map { .init(cache: $0, tokens: Array($1[shared...])) })
        let promptSeconds = Date().timeIntervalSince(promptStart)

        if options.constraint != nil, !options.stopStrings.isEmpty { throw ConstraintError.stopStringsWithConstraint }
        struct Sequence {
            var constraint: (any GenerationConstraint)?
            var sampler: Sampler
            var decoder: StreamingDecoder
            var stops: StopStringFilter
            var history: [Int32]
            var generated: [Int32] = []
            var text = ""
            var finished: GenerationResult.FinishReason?
        }
        var sequences = try prompts.map {
            Sequence(constraint: try options.constraint?(), sampler: Sampler(options.sampling),
                     decoder: StreamingDecoder(tokenizer: model.tokenizer),
                     stops: StopStringFilter(stopStrings: options.stopStrings), history: $0)
        }
        var results = [GenerationResult?](repeating: nil, count: prompts.count)
        let generationStart = Date()
        func finish(_ i: Int, _ reason: GenerationResult.FinishReason) {
            // A constrained output stopped before it was complete is not valid output.
            let reason = sequences[i].constraint.map { $0.isComplete } == false ? .constraintIncomplete : reason
            sequences[i].finished = reason
            if reason != .stopString { sequences[i].text += sequences[i].stops.finish(sequences[i].decoder.finish()) }
            let result = GenerationResult(ids: sequences[i].generated, text: sequences[i].text, finishReason: reason,
                                          promptTokenCount: prompts[i].count, promptSeconds: promptSeconds,
                                          generationSeconds: Date().timeIntervalSince(generationStart))
            results[i] = result
            onFinished(i, result)
        }

        var active = Array(prompts.indices)         // row r of `logits` belongs to active[r]
        while !active.isEmpty {
            var next: [(index: Int, token: Int32)] = []
            for (row, i) in active.enumerated() {
                sequences[i].constraint?.mask(&logits[row])
                let token = sequences[i].sampler.sample(logits[row], history: sequences[i].history)
                try sequences[i].constraint?.accept(token)
                if model.tokenizer.isEndOfGeneration(token) {
                    finish(i, .endOfGeneration)
                    continue
                }
                sequences[i].generated.append(token)
                sequences[i].history.append(token)
                let (released, stopped) = sequences[i].stops.append(sequences[i].decoder.append(token))
                sequences[i].text += released
                if stopped {
                    finish(i, .stopString)
                } else if let constraint = sequences[i].constraint, constraint.isComplete, !constraint.canContinue {
                    finish(i, .endOfGeneration)
                } else if sequences[i].generated.count >= options.maxTokens {
                    finish(i, .maxTokens)
                } else if caches[i].count >= caches[i].capacity {
                    finish(i, .contextFull)
                } else {
                    next.append((i, token))
                }
            }
            active = next.map(\.index)
            guard !next.isEmpty else { break }
            logits = try transformer.forward(next.map { .init(cache: caches[$0.index], tokens: [$0.token]) })
        }
        return results.compactMap { $0 }
    }
}
