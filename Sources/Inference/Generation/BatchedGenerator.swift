import Foundation

/// Generates answers for many prompts at once: every decode step advances all
/// unfinished sequences in one forward pass (each weight read once for all),
/// and the prompts' common prefix — a specialist's system prompt and examples —
/// is computed once into a cache every sequence forks; with `prefixes`, once for
/// every later call too. With a `draft`, each step also checks the draft's
/// proposals for every sequence (speculative decoding): greedy output is the
/// same token for token, sampled output keeps the target's distribution.
///
/// This is the one generation loop: `TextGenerator` is this with one prompt.
public struct BatchedGenerator: Sendable {
    public let model: LanguageModel
    /// Sequences advanced together (memory: one KV cache each).
    public var batchSize: Int
    /// Where prefixes computed by earlier calls are kept; nil computes each batch's.
    public var prefixes: PromptPrefixCache?
    /// Proposes tokens for the model to verify; nil decodes one token per step.
    public var draft: SpeculativeDraft?

    public init(model: LanguageModel, batchSize: Int = 16, prefixes: PromptPrefixCache? = nil, draft: SpeculativeDraft? = nil) {
        self.model = model
        self.batchSize = max(1, batchSize)
        self.prefixes = prefixes
        self.draft = draft
    }

    /// One result per prompt, in order. `onFinished(index, result)` is called as
    /// each sequence ends (for progress and streaming to a results file);
    /// `onText(index, text)` streams each sequence's text as it becomes final
    /// (false ends that sequence).
    public func generate(prompts: [[Int32]], options: GenerationOptions,
                         onFinished: (Int, GenerationResult) -> Void = { _, _ in },
                         onText: (Int, String) -> Bool = { _, _ in true }) throws -> [GenerationResult] {
        var results = [GenerationResult?](repeating: nil, count: prompts.count)
        var start = 0
        while start < prompts.count {
            let indices = Array(start..<min(start + batchSize, prompts.count))
            let chunk = try generateChunk(indices.map { prompts[$0] }, options: options,
                                          onText: { onText(indices[$0], $1) },
                                          onFinished: { onFinished(indices[$0], $1) })
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

    private func generateChunk(_ prompts: [[Int32]], options: GenerationOptions, onText: (Int, String) -> Bool,
                               onFinished: (Int, GenerationResult) -> Void) throws -> [GenerationResult] {
        let transformer = model.transformer
        let context = min(options.contextLength, transformer.parameters.contextLength)
        for prompt in prompts {
            guard !prompt.isEmpty else { throw GenerationError.emptyPrompt }
            guard prompt.count < context else { throw GenerationError.promptTooLong(tokens: prompt.count, context: context) }
        }
        if options.constraint != nil, !options.stopStrings.isEmpty { throw ConstraintError.stopStringsWithConstraint }
        let capacities = prompts.map { min(context, $0.count + options.maxTokens) }
        var sequences = try zip(prompts, capacities).map {
            try GeneratingSequence(prompt: $0, options: options, tokenizer: model.tokenizer, capacity: $1)
        }
        let promptStart = Date()
        let caches = try Self.prefill(prompts, capacities: capacities, transformer: transformer, store: prefixes)
        // The draft reads a prompt only when it first proposes for it (a round of many
        // sequences may propose nothing): its caches start at the shared prefix.
        let draftCaches = try draft.map {
            try Self.prefixCaches(prompts, capacities: capacities, transformer: $0.model.transformer, store: $0.prefixes).caches
        }
        let promptSeconds = Date().timeIntervalSince(promptStart)
        let generationStart = Date()

        var results = [GenerationResult?](repeating: nil, count: prompts.count)
        var active = Array(prompts.indices)
        while !active.isEmpty {
            var proposals = active.map { _ in GeneratingSequence.Proposal() }
            if let draft, let draftCaches {
                proposals = try propose(for: active, sequences: &sequences, caches: draftCaches, draft: draft)
            }
            // One pass of the model checks every sequence's proposals: it is fed what its
            // cache lacks of the history, then the proposals, and returns a row after each.
            let rows = try transformer.forward(zip(active, proposals).map { i, proposal in
                Transformer.SequenceStep(cache: caches[i], tokens: Array(sequences[i].history[caches[i].count...]) + proposal.tokens,
                                         logits: .trailing(proposal.tokens.count + 1))
            })
            for (slot, i) in active.enumerated() {
                let known = sequences[i].history.count
                let kept = try sequences[i].advance(proposal: proposals[slot], rows: rows[slot],
                                                    vocabularySize: transformer.parameters.vocabularySize,
                                                    onText: { onText(i, $0) })
                // Positions past the kept proposals hold rejected tokens: forget them.
                caches[i].truncate(to: known + kept)
                draftCaches?[i].truncate(to: known + kept)
                if let reason = sequences[i].finished {
                    let sequence = sequences[i]
                    let result = GenerationResult(ids: sequence.generated, text: sequence.text, finishReason: reason,
                                                  promptTokenCount: sequence.promptTokenCount, promptSeconds: promptSeconds,
                                                  generationSeconds: Date().timeIntervalSince(generationStart),
                                                  draftedTokens: sequence.draftedTokens,
                                                  acceptedDraftTokens: sequence.acceptedDraftTokens)
                    results[i] = result
                    onFinished(i, result)
                }
            }
            active.removeAll { sequences[$0].finished != nil }
        }
        return results.compactMap { $0 }
    }

    /// Caches holding every prompt but its last token (the first step feeds that one and
    /// returns the first logits); the prompts' common prefix is computed once.
    static func prefill(_ prompts: [[Int32]], capacities: [Int], transformer: Transformer,
                        store: PromptPrefixCache?) throws -> [KVCache] {
        let (caches, shared) = try prefixCaches(prompts, capacities: capacities, transformer: transformer, store: store)
        let steps = zip(caches, prompts).compactMap { cache, prompt in
            prompt.count - 1 > shared ? Transformer.SequenceStep(cache: cache, tokens: Array(prompt[shared..<(prompt.count - 1)]),
                                                                 logits: .none) : nil
        }
        if !steps.isEmpty { _ = try transformer.forward(steps) }
        return caches
    }

    /// One cache per prompt holding the prompts' common prefix (`shared` positions).
    static func prefixCaches(_ prompts: [[Int32]], capacities: [Int], transformer: Transformer,
                             store: PromptPrefixCache?) throws -> (caches: [KVCache], shared: Int) {
        if prompts.count == 1, store == nil { return ([transformer.makeCache(capacity: capacities[0])], 0) }
        let prefix = try PromptPrefixCache.sharedPrefix(of: prompts, transformer: transformer, store: store)
        return (capacities.map { KVCache(sharing: prefix.cache, positions: prefix.length, capacity: $0) }, prefix.length)
    }

    /// The draft's proposals for each active sequence, drafted together: one pass of the
    /// draft model per proposed position. A proposal follows the sequence's constraint
    /// (on a copy) and ends at an end-of-generation token or a complete output.
    private func propose(for active: [Int], sequences: inout [GeneratingSequence], caches: [KVCache],
                         draft: SpeculativeDraft) throws -> [GeneratingSequence.Proposal] {
        var proposals = active.map { _ in GeneratingSequence.Proposal() }
        var constraints = active.map { sequences[$0].constraint }
        let wanted = draft.tokensPerSequence(active: active.count)
        guard wanted > 0 else { return proposals }
        let room = active.map { sequences[$0].proposalRoom(wanted) }
        var drafting = active.indices.filter { room[$0] > 0 }
        while !drafting.isEmpty {
            let rows = try draft.model.transformer.forward(drafting.map { slot in
                let cache = caches[active[slot]]
                let known = sequences[active[slot]].history + proposals[slot].tokens
                return Transformer.SequenceStep(cache: cache, tokens: Array(known[cache.count...]))
            })
            var next: [Int] = []
            for (row, slot) in zip(rows, drafting) {
                let i = active[slot]
                var logits = row
                constraints[slot]?.mask(&logits)
                let distribution = sequences[i].draftSampler.distribution(logits, history: sequences[i].history + proposals[slot].tokens)
                let token = sequences[i].draftSampler.draw(from: distribution)
                if constraints[slot] != nil, (try? constraints[slot]!.accept(token)) == nil { continue }
                proposals[slot].tokens.append(token)
                proposals[slot].distributions.append(distribution)
                if model.tokenizer.isEndOfGeneration(token) { continue }
                if let constraint = constraints[slot], constraint.isComplete, !constraint.canContinue { continue }
                if proposals[slot].tokens.count < room[slot] { next.append(slot) }
            }
            drafting = next
        }
        return proposals
    }
}
