/// A smaller model with the target's vocabulary that proposes the next few tokens
/// of every sequence; the target then checks them all in one batched pass and keeps
/// what `SpeculativeAcceptance` allows. Decoding is bound by reading the target's
/// weights once per step, so each kept proposal saves most of a step.
public struct SpeculativeDraft: Sendable {
    public let model: LanguageModel
    /// Tokens proposed per round.
    public let tokens: Int
    /// Where the draft's prompt prefixes are kept (its keys and values are its own).
    public let prefixes: PromptPrefixCache?

    /// - Throws: `GenerationError.draftVocabularyMismatch` unless `model` has exactly
    ///   `target`'s tokens: proposals are token ids and must mean the same text.
    public init(model: LanguageModel, target: LanguageModel, tokens: Int = 4, prefixes: PromptPrefixCache? = nil) throws {
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
    }
}
