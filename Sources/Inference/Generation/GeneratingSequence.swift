/// One sequence under generation: what it has produced so far and the rules that
/// pick its next tokens and end it. `BatchedGenerator` advances many of these in
/// shared forward passes; this is the only place the per-token rules live.
struct GeneratingSequence {
    let promptTokenCount: Int
    /// Positions its caches hold: the sequence ends when its history would not fit.
    let capacity: Int
    let maxTokens: Int
    var constraint: (any GenerationConstraint)?
    var sampler: Sampler
    /// Draws the draft model's proposals (its own stream, so a draft never shifts the target's draws).
    var draftSampler: Sampler
    private var decoder: StreamingDecoder
    private var stops: StopStringFilter
    private let tokenizer: Tokenizer
    /// Prompt and generated tokens; its keys and values are in the caches except the last one's.
    private(set) var history: [Int32]
    private(set) var generated: [Int32] = []
    private(set) var text = ""
    private(set) var finished: GenerationResult.FinishReason?
    /// Proposals a draft made and how many the target kept.
    private(set) var draftedTokens = 0
    private(set) var acceptedDraftTokens = 0

    init(prompt: [Int32], options: GenerationOptions, tokenizer: Tokenizer, capacity: Int) throws {
        promptTokenCount = prompt.count
        self.capacity = capacity
        maxTokens = options.maxTokens
        constraint = try options.constraint?()
        sampler = Sampler(options.sampling)
        var draftSampling = options.sampling
        draftSampling.seed = options.sampling.seed ^ 0x5DEE_CE66_D1CE_5EED
        draftSampler = Sampler(draftSampling)
        decoder = StreamingDecoder(tokenizer: tokenizer)
        stops = StopStringFilter(stopStrings: options.stopStrings)
        self.tokenizer = tokenizer
        history = prompt
    }

    /// Tokens a draft may propose this round: every proposal and the token after
    /// them must fit both the answer budget and the cache.
    func proposalRoom(_ wanted: Int) -> Int {
        max(0, min(wanted, maxTokens - generated.count - 1, capacity - history.count))
    }

    /// What the draft proposes in one round, and the distribution each was drawn from.
    struct Proposal {
        var tokens: [Int32] = []
        var distributions: [TokenDistribution] = []
    }

    /// Emits the tokens one verification pass decides. `rows` holds the target's logits
    /// (`vocabularySize` each) after the history and after each proposal: every
    /// proposal is kept or replaced by `SpeculativeAcceptance`, and when all are kept
    /// one more token is drawn from the last row. Without proposals this is plain
    /// sampling from one row. Returns how many proposals were kept; text reaches
    /// `onText` as it becomes final (false from it ends the sequence).
    mutating func advance(proposal: Proposal, rows: [Float], vocabularySize: Int,
                          onText: (String) -> Bool) throws -> Int {
        var kept = 0
        for r in 0...proposal.tokens.count {
            var logits = Array(rows[(r * vocabularySize)..<((r + 1) * vocabularySize)])
            constraint?.mask(&logits)
            let target = sampler.distribution(logits, history: history)
            let token: Int32
            var replaced = false
            if r < proposal.tokens.count {
                switch SpeculativeAcceptance.verify(proposal.tokens[r], draft: proposal.distributions[r], target: target,
                                                    uniform: { sampler.uniform() }) {
                case .accepted:
                    token = proposal.tokens[r]
                    kept += 1
                case .replaced(let replacement):
                    token = replacement
                    replaced = true
                }
            } else {
                token = sampler.draw(from: target)
            }
            let released = try emit(token)
            if !released.isEmpty, !onText(released), finished == nil { _ = finish(.maxTokens) }
            if finished != nil || replaced { break }
        }
        draftedTokens += proposal.tokens.count
        acceptedDraftTokens += kept
        return kept
    }

    /// Adds a chosen token and returns the text it makes final; sets `finished`
    /// when the sequence ends with it.
    private mutating func emit(_ token: Int32) throws -> String {
        try constraint?.accept(token)
        if tokenizer.isEndOfGeneration(token) { return finish(.endOfGeneration) }
        generated.append(token)
        history.append(token)
        let (released, stopped) = stops.append(decoder.append(token))
        text += released
        if stopped { return released + finish(.stopString) }
        // A complete output that nothing can extend ends here, as if the model had stopped.
        if let constraint, constraint.isComplete, !constraint.canContinue { return released + finish(.endOfGeneration) }
        if generated.count >= maxTokens { return released + finish(.maxTokens) }
        if history.count > capacity { return released + finish(.contextFull) }
        return released
    }

    /// Ends the sequence; returns the text held back until now.
    private mutating func finish(_ reason: GenerationResult.FinishReason) -> String {
        // A constrained output stopped before it was complete is not valid output.
        finished = constraint.map { $0.isComplete } == false ? .constraintIncomplete : reason
        guard reason != .stopString else { return "" }
        let rest = stops.finish(decoder.finish())
        text += rest
        return rest
    }
}
