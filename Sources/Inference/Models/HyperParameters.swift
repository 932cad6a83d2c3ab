/// A decoder's hyper-parameters, read from `{arch}.*` GGUF metadata with the
/// defaults llama.cpp applies where a file is silent.
public struct HyperParameters: Sendable {
    public let architecture: Architecture
    public let contextLength: Int
    public let embeddingWidth: Int
    public let layerCount: Int
    public let feedForwardWidth: Int
    public let headCount: Int
    public let keyValueHeadCount: Int
    public let headDimension: Int
    public let ropeDimensions: Int
    public let ropeBase: Float
    public let normEpsilon: Float
    /// Sliding-window size for local layers (nil: all layers global).
    public let slidingWindow: Int?
    public let vocabularySize: Int
    /// Scale applied to q·k before softmax.
    public let attentionScale: Float
    public let ropeScaling: RopeScaling

    public init(metadata: GGUFMetadata) throws {
        guard let archName = metadata.string("general.architecture") else {
            throw ModelError.missingMetadata(key: "general.architecture")
        }
        let architecture = try Architecture.named(archName)
        self.architecture = architecture
        let prefix = archName + "."

        func required(_ key: String) throws -> Int {
            guard let value = metadata.int(prefix + key) else { throw ModelError.missingMetadata(key: prefix + key) }
            guard value > 0 else { throw ModelError.invalidMetadata(key: prefix + key, reason: "must be positive, is \(value)") }
            return value
        }
        func optional(_ key: String, default fallback: Int) throws -> Int {
            guard metadata[prefix + key] != nil else { return fallback }
            return try required(key)
        }

        contextLength = try required("context_length")
        embeddingWidth = try required("embedding_length")
        layerCount = try required("block_count")
        feedForwardWidth = try required("feed_forward_length")
        headCount = try required("attention.head_count")
        keyValueHeadCount = try optional("attention.head_count_kv", default: headCount)
        guard headCount % keyValueHeadCount == 0 else {
            throw ModelError.invalidMetadata(key: prefix + "attention.head_count_kv",
                                             reason: "\(keyValueHeadCount) does not divide the head count \(headCount)")
        }
        headDimension = try optional("attention.key_length", default: embeddingWidth / headCount)
        let valueLength = try optional("attention.value_length", default: headDimension)
        guard valueLength == headDimension else {
            throw ModelError.invalidMetadata(key: prefix + "attention.value_length", reason: "must equal the key length \(headDimension)")
        }
        ropeDimensions = try optional("rope.dimension_count", default: headDimension)
        guard ropeDimensions <= headDimension, ropeDimensions % 2 == 0 else {
            throw ModelError.invalidMetadata(key: prefix + "rope.dimension_count", reason: "must be even and at most the head dimension \(headDimension)")
        }
        ropeBase = metadata.float(prefix + "rope.freq_base") ?? 10_000
        normEpsilon = metadata.float(prefix + "attention.layer_norm_rms_epsilon") ?? 1e-5
        if architecture.globalLayerPeriod != nil {
            slidingWindow = try optional("attention.sliding_window", default: 512)
        } else if architecture.honoursSlidingWindowKey, let window = metadata.int(prefix + "attention.sliding_window"), window != 0 {
            guard window > 0 else {
                throw ModelError.invalidMetadata(key: prefix + "attention.sliding_window", reason: "must be positive, is \(window)")
            }
            slidingWindow = window
        } else {
            slidingWindow = nil
        }
        if let size = metadata.int(prefix + "vocab_size") {
            vocabularySize = size
        } else if let tokens = metadata[("tokenizer.ggml.tokens")]?.arrayValue {
            vocabularySize = tokens.count
        } else {
            throw ModelError.missingMetadata(key: prefix + "vocab_size")
        }
        attentionScale = 1 / Float(headDimension).squareRoot()
        ropeScaling = try RopeScaling(metadata: metadata, prefix: prefix, trainedContext: contextLength)
    }

    /// Whether layer `index` attends within the sliding window only.
    public func isSlidingLayer(_ index: Int) -> Bool {
        guard slidingWindow != nil else { return false }
        guard let period = architecture.globalLayerPeriod else { return true }
        return (index + 1) % period != 0
    }
}
