/// What a decoder tensor is for, and its name in a GGUF file — the one
/// table of tensor names (as llama.cpp's `LLM_TENSOR_NAMES`), so no loader
/// spells a name itself.
public enum TensorRole: String, CaseIterable, Sendable {
    case tokenEmbedding, outputNorm, output, outputBias
    /// RoPE frequency factors: Llama 3.1+ (`rope_freqs`), Phi-3 LongRoPE (long/short).
    case ropeFrequencies, ropeFactorsLong, ropeFactorsShort
    case attentionNorm
    case query, key, value, queryKeyValue
    case queryBias, keyBias, valueBias, queryKeyValueBias
    case attentionOutput, attentionOutputBias
    case queryNorm, keyNorm, postAttentionNorm
    case feedForwardNorm, gate, up, down, postFeedForwardNorm

    /// The name stem: `%d` stands for the layer of per-layer tensors.
    private var stem: (name: String, suffix: String) {
        switch self {
        case .tokenEmbedding: return ("token_embd", "weight")
        case .outputNorm: return ("output_norm", "weight")
        case .output: return ("output", "weight")
        case .outputBias: return ("output", "bias")
        case .ropeFrequencies: return ("rope_freqs", "weight")
        case .ropeFactorsLong: return ("rope_factors_long", "weight")
        case .ropeFactorsShort: return ("rope_factors_short", "weight")
        case .attentionNorm: return ("blk.%d.attn_norm", "weight")
        case .query: return ("blk.%d.attn_q", "weight")
        case .key: return ("blk.%d.attn_k", "weight")
        case .value: return ("blk.%d.attn_v", "weight")
        case .queryKeyValue: return ("blk.%d.attn_qkv", "weight")
        case .queryBias: return ("blk.%d.attn_q", "bias")
        case .keyBias: return ("blk.%d.attn_k", "bias")
        case .valueBias: return ("blk.%d.attn_v", "bias")
        case .queryKeyValueBias: return ("blk.%d.attn_qkv", "bias")
        case .attentionOutput: return ("blk.%d.attn_output", "weight")
        case .attentionOutputBias: return ("blk.%d.attn_output", "bias")
        case .queryNorm: return ("blk.%d.attn_q_norm", "weight")
        case .keyNorm: return ("blk.%d.attn_k_norm", "weight")
        case .postAttentionNorm: return ("blk.%d.post_attention_norm", "weight")
        case .feedForwardNorm: return ("blk.%d.ffn_norm", "weight")
        case .gate: return ("blk.%d.ffn_gate", "weight")
        case .up: return ("blk.%d.ffn_up", "weight")
        case .down: return ("blk.%d.ffn_down", "weight")
        case .postFeedForwardNorm: return ("blk.%d.post_ffw_norm", "weight")
        }
    }

    /// One tensor per layer (named with the layer index) or one per model.
    public var isPerLayer: Bool { stem.name.hasPrefix("blk.%d.") }

    /// The GGUF name of this tensor (of `layer`, for per-layer tensors).
    public func name(layer: Int? = nil) -> String {
        let (name, suffix) = stem
        let resolved = layer.map { name.replacingOccurrences(of: "%d", with: String($0)) } ?? name
        return resolved + "." + suffix
    }
}
