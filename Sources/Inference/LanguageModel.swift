/// A generative model ready to use: weights, tokenizer and chat template,
/// all built from one GGUF file.
public final class LanguageModel: Sendable {
    public let path: String
    public let transformer: Transformer
    public let tokenizer: Tokenizer
    /// The template from `tokenizer.chat_template`; nil for plain-completion models.
    public let chatTemplate: ChatTemplate?

    public init(path: String) throws {
        self.path = path
        // The parsed metadata (the vocabulary, mostly) is only needed while
        // loading: the file is not kept, only its mapping (by the weights).
        let file = try GGUFFile(contentsOf: path)
        transformer = try Transformer(file: file)
        tokenizer = try Tokenizer(metadata: file.metadata)
        chatTemplate = try file.metadata.string("tokenizer.chat_template").map { try ChatTemplate(source: $0) }
    }

    /// Token ids of a prompt: BOS when the metadata asks for it, then the text
    /// with special tokens written in it (`<|im_start|>`) recognised.
    public func tokenize(prompt text: String) -> [Int32] {
        var ids = tokenizer.encode(text, addSpecial: false, parseSpecial: true)
        if tokenizer.addsBOS, let bos = tokenizer.bos, ids.first != bos { ids.insert(bos, at: 0) }
        return ids
    }

    /// The prompt text for a conversation, rendered by the model's own template.
    public func renderChat(_ messages: [ChatMessage], addGenerationPrompt: Bool = true) throws -> String {
        guard let template = chatTemplate else { throw GenerationError.noChatTemplate(path: path) }
        // BOS is added by `tokenize(prompt:)` from metadata, so the template gets an empty one
        // when the model adds it anyway (otherwise it would appear twice).
        return try template.render(messages: messages, addGenerationPrompt: addGenerationPrompt,
                                   bosToken: tokenizer.addsBOS ? "" : tokenizer.bos.map { tokenizer.piece($0) } ?? "",
                                   eosToken: tokenizer.eos.map { tokenizer.piece($0) } ?? "")
    }
}
