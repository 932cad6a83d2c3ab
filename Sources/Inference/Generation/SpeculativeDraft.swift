/// A smaller model with the target's vocabulary that proposes the next few tokens
/// of every sequence; the target then checks them all in one batched pass and keeps
/// what `SpeculativeAcceptance` allows. Decoding is bound by reading the target's
/// weights once per step, so each kept proposal saves most of a step.
public struct SpeculativeDraft: Sendable {
    public let model: LanguageModel
    /// Tokens proposed per round.
    public let tokens: Int
    /// `tokens` when a swarm file or the command line does not say.
    public static let defaultTokens = 4
    /// The range `tokens` may be set in.
    public static let tokenRange = 1...16
    /// Where the draft's prompt prefixes are kept (its keys and values are its own).
    public let prefixes: PromptPrefixCache?
    /// The most rows a verification pass may hold (proposals and the token before
    /// them, over all sequences). Speculation pays while a pass costs what reading
    /// the weights costs; past a few rows per core a pass is bound by arithmetic,
    /// every rejected proposal is paid in full, and decoding a batch plainly is
    /// faster. Rounds with more sequences propose fewer tokens each, or none.
    /// (Measured on 2 cores, Qwen2.5-Coder 1.5B with the 0.5B drafting: a chat
    /// answer 13.3 → 16.3 tok/s at 80 % kept, but on the triage swarm's JSON
    /// answers only 55–80 % are kept and a 0.5B step costs 40 % of a 1.5B step,
    /// so jobs ran 5–14 % slower with the draft — see README, speculative decoding.)
    public let maxVerifiedRows: Int

    /// `maxVerifiedRows` defaults to three per core.
    /// - Throws: `GenerationError.draftVocabularyMismatch` unless `model` has exactly
    ///   `target`'s tokens: proposals are token ids and must mean the same text.
    public init(model: LanguageModel, target: LanguageModel, tokens: Int = defaultTokens, prefixes: PromptPrefixCache? = nil,
                maxVerifiedRows: Int? = nil) throws {
        let draft = model.tokenizer, own = target.tokenizer
        if model.transformer.parameters.vocabularySize != target.transformer.parameters.vocabularySize
            || draft.vocabularySize != own.vocabularySize {
            throw GenerationError.draftVocabularyMismatch(
                draft: model.path, target: target.path,
                detail: "\(draft.vocabularySize) tokens against \(own.vocabularySize)")
        }
        for id in 0..<Int32(own.vocabularySize)
        where draft.pieceBytes(id, special: true) != own.pieceBytes(id, special: true) {
            throw GenerationError.draftVocabularyMismatch(
                draft: model.path, target: target.path,
                detail: "token \(id) is \(draft.piece(id).debugDescription) against \(own.piece(id).debugDescription)")
        }
        self.model = model
        self.tokens = max(1, tokens)
        self.prefixes = prefixes
        self.maxVerifiedRows = max(1, maxVerifiedRows ?? 3 * Parallel.cores)
    }

    /// Tokens each of `sequences` active sequences may have proposed this round.
    func tokensPerSequence(active sequences: Int) -> Int {
        min(tokens, maxVerifiedRows / max(1, sequences) - 1)
    }
}
