/// What `apiary models inspect` reports about a GGUF file.
public struct GGUFSummary: Sendable {
    public let path: String
    public let fileBytes: Int
    public let version: UInt32
    public let architecture: String?
    public let name: String?
    public let parameterCount: Int
    /// Tensor count and bytes per tensor type, most bytes first.
    public let tensorTypes: [(type: TensorType, tensors: Int, bytes: Int)]
    public let contextLength: Int?
    public let embeddingWidth: Int?
    public let layerCount: Int?
    public let vocabularySize: Int?
    /// `tokenizer.ggml.model` (gpt2, llama, bert …) and `tokenizer.ggml.pre`.
    public let tokenizerModel: String?
    public let preTokenizer: String?
    public let hasChatTemplate: Bool
    /// Whether this build can run the architecture.
    public let architectureSupported: Bool

    public init(file: GGUFFile) {
        let metadata = file.metadata
        path = file.storage.path ?? "-"
        fileBytes = file.storage.bytes.count
        version = file.version
        architecture = metadata.string("general.architecture")
        name = metadata.string("general.name")
        parameterCount = file.tensors.reduce(0) { $0 + $1.elementCount }
        var histogram: [TensorType: (Int, Int)] = [:]
        for tensor in file.tensors {
            let entry = histogram[tensor.type] ?? (0, 0)
            histogram[tensor.type] = (entry.0 + 1, entry.1 + tensor.byteCount)
        }
        tensorTypes = histogram.map { (type: $0.key, tensors: $0.value.0, bytes: $0.value.1) }
            .sorted { ($0.bytes, $0.type.rawValue) > ($1.bytes, $1.type.rawValue) }
        let prefix = (architecture ?? "") + "."
        contextLength = metadata.int(prefix + "context_length")
        embeddingWidth = metadata.int(prefix + "embedding_length")
        layerCount = metadata.int(prefix + "block_count")
        vocabularySize = metadata.int(prefix + "vocab_size") ?? metadata["tokenizer.ggml.tokens"]?.arrayValue?.count
        tokenizerModel = metadata.string("tokenizer.ggml.model")
        preTokenizer = metadata.string("tokenizer.ggml.pre")
        hasChatTemplate = metadata.string("tokenizer.chat_template") != nil
        architectureSupported = architecture.map { (try? Architecture.named($0)) != nil } ?? false
    }
}
