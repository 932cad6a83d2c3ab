/// Why a tokenizer could not be built from a model's metadata or a vocabulary file.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// A required metadata key is absent.
    case missingKey(String)
    /// A metadata key holds the wrong type (e.g. `tokenizer.ggml.tokens` is not a string array).
    case wrongType(key: String, expected: String)
    /// An array key has fewer entries than there are tokens.
    case lengthMismatch(key: String, expected: Int, found: Int)
    /// `tokenizer.ggml.model` names an algorithm Apiary does not implement.
    case unsupportedModel(String)
    /// `tokenizer.ggml.pre` names a pre-tokenizer Apiary does not implement.
    case unsupportedPreTokenizer(String)
    /// The vocabulary has no tokens.
    case emptyVocabulary
    /// The model asks for a token (BOS/EOS/SEP) to be added but does not say which one.
    case missingSpecialToken(String)
    /// A vocabulary text file (HF `vocab.txt`) could not be read or is malformed.
    case vocabularyFile(path: String, line: Int, message: String)

    public var description: String {
        switch self {
        case .missingKey(let key): return "tokenizer: metadata key '\(key)' is missing"
        case .wrongType(let key, let expected): return "tokenizer: metadata key '\(key)' is not \(expected)"
        case .lengthMismatch(let key, let expected, let found):
            return "tokenizer: '\(key)' has \(found) entries, expected \(expected) (one per token)"
        case .unsupportedModel(let model):
            return "tokenizer: model '\(model)' is not supported (expected gpt2, gemma4, llama or bert)"
        case .unsupportedPreTokenizer(let pre): return "tokenizer: pre-tokenizer '\(pre)' is not supported"
        case .emptyVocabulary: return "tokenizer: the vocabulary is empty"
        case .missingSpecialToken(let what): return "tokenizer: \(what)"
        case .vocabularyFile(let path, let line, let message): return "\(path):\(line): \(message)"
        }
    }
}
