/// How a file stretches RoPE beyond its trained context
/// (`{arch}.rope.scaling.*`), read as llama.cpp reads it: the type defaults
/// to linear, the factor to 1 (no scaling). YaRN is not implemented, so a
/// file asking for it is refused at load rather than run as another model.
public struct RopeScaling: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case none, linear
        /// Phi-3's LongRoPE: per-frequency factors from the file's
        /// `rope_factors_long`/`rope_factors_short`, plus an attention factor.
        case longrope
    }

    public let kind: Kind
    /// Multiplies every angle: 1 / `rope.scaling.factor`.
    public let frequencyScale: Float
    /// Multiplies cos and sin (`rope.scaling.attn_factor`, LongRoPE's magnitude correction).
    public let attentionFactor: Float
    /// The context the model was pre-trained on; LongRoPE uses its long
    /// factors only for caches longer than this.
    public let originalContextLength: Int

    public static let identity = RopeScaling(kind: .none, frequencyScale: 1, attentionFactor: 1, originalContextLength: 0)

    init(kind: Kind, frequencyScale: Float, attentionFactor: Float, originalContextLength: Int) {
        self.kind = kind
        self.frequencyScale = frequencyScale
        self.attentionFactor = attentionFactor
        self.originalContextLength = originalContextLength
    }

    init(metadata: GGUFMetadata, prefix: String, trainedContext: Int) throws {
        let typeKey = prefix + "rope.scaling.type"
        let name = metadata.string(typeKey) ?? "linear"
        guard let kind = Kind(rawValue: name) else {
            throw ModelError.invalidMetadata(
                key: typeKey, reason: "RoPE scaling '\(name)' is not supported (supported: none, linear, longrope)")
        }
        let factorKey = prefix + "rope.scaling.factor"
        let factor = metadata.float(factorKey) ?? metadata.float(prefix + "rope.scale_linear") ?? 0
        guard factor >= 0, factor.isFinite else {
            throw ModelError.invalidMetadata(key: factorKey, reason: "must be a non-negative number, is \(factor)")
        }
        let attentionKey = prefix + "rope.scaling.attn_factor"
        let attentionFactor = metadata.float(attentionKey) ?? 1
        guard attentionFactor > 0, attentionFactor.isFinite else {
            throw ModelError.invalidMetadata(key: attentionKey, reason: "must be a positive number, is \(attentionFactor)")
        }
        self.kind = kind
        frequencyScale = kind == .none || factor == 0 ? 1 : 1 / factor
        self.attentionFactor = attentionFactor
        originalContextLength = metadata.int(prefix + "rope.scaling.original_context_length") ?? trainedContext
    }
}
