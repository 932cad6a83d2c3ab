/// Why a model could not be built from a GGUF file.
public enum ModelError: Error, CustomStringConvertible, Sendable {
    case unsupportedArchitecture(String)
    case missingMetadata(key: String)
    case invalidMetadata(key: String, reason: String)
    case missingTensor(name: String)
    /// A tensor the architecture does not use: running without it would be another model.
    case unexpectedTensor(name: String, architecture: String)
    case tensorShape(name: String, expected: [Int], found: [Int])
    case tensorType(name: String, type: TensorType, reason: String)
    case contextFull(capacity: Int)
    case invalidToken(id: Int32, vocabularySize: Int)
    case cacheFrozen
    /// One KV cache passed for two sequences of the same forward pass.
    case cacheRepeatedInBatch

    public var description: String {
        switch self {
        case .unsupportedArchitecture(let name):
            return "architecture '\(name)' is not supported (supported: \(Architecture.supportedNames.joined(separator: ", ")))"
        case .missingMetadata(let key):
            return "metadata key '\(key)' is missing"
        case .invalidMetadata(let key, let reason):
            return "metadata key '\(key)': \(reason)"
        case .missingTensor(let name):
            return "tensor '\(name)' is missing"
        case .unexpectedTensor(let name, let architecture):
            return "tensor '\(name)' is not part of a \(architecture) model as Apiary implements it; refusing to run a different model than the file describes"
        case .tensorShape(let name, let expected, let found):
            return "tensor '\(name)' has shape \(found), expected \(expected)"
        case .tensorType(let name, let type, let reason):
            return "tensor '\(name)' of type \(type): \(reason)"
        case .contextFull(let capacity):
            return "the context is full (\(capacity) tokens); use a larger context or a shorter prompt"
        case .cacheFrozen:
            return "the KV cache is shared as a prefix and cannot be extended; fork it with KVCache(sharing:capacity:)"
        case .cacheRepeatedInBatch:
            return "a KV cache appears twice in one batch; each sequence needs its own cache"
        case .invalidToken(let id, let size):
            return "token id \(id) is outside the vocabulary (0..<\(size))"
        }
    }
}
