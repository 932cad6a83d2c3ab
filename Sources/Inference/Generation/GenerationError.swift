/// Why a generation could not run.
public enum GenerationError: Error, CustomStringConvertible, Sendable {
    case noChatTemplate(path: String)
    case emptyPrompt
    case promptTooLong(tokens: Int, context: Int)
    /// A draft model whose tokens are not the target's.
    case draftVocabularyMismatch(draft: String, target: String, detail: String)

    public var description: String {
        switch self {
        case .noChatTemplate(let path):
            return "\(path) has no chat template (tokenizer.chat_template); use it for plain completion without --chat"
        case .emptyPrompt:
            return "the prompt is empty"
        case .promptTooLong(let tokens, let context):
            return "the prompt has \(tokens) tokens but the context holds \(context)"
        case .draftVocabularyMismatch(let draft, let target, let detail):
            return "draft model \(draft) cannot draft for \(target): its vocabulary differs (\(detail))"
        }
    }
}
