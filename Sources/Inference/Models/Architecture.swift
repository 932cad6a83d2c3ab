/// What distinguishes one decoder architecture from another, as data.
///
/// Every supported architecture runs through the same transformer pass; the
/// differences are these switches and the set of tensors a file may carry
/// (`tensors`), never a copied forward pass. Which optional tensors a file
/// actually has (biases, a fused QKV, RoPE frequency factors) is read from
/// the file: the architecture only says which are allowed, as llama.cpp's
/// per-architecture tensor lists do.
public struct Architecture: Sendable {
    public enum Activation: Sendable { case silu, gelu }

    /// The `general.architecture` value.
    public let name: String
    public let ropePairing: RotaryEmbedding.Pairing
    /// Gated feed-forward activation: act(gate(x)) · up(x).
    public let activation: Activation
    /// Multiply token embeddings by sqrt(embedding width) (Gemma).
    public let scalesEmbeddings: Bool
    /// When set, every layer is sliding-window except each `n`-th (Gemma 3: 6).
    public let globalLayerPeriod: Int?
    /// RoPE base of the sliding-window layers when it differs from the global one.
    public let slidingRopeBase: Float?
    /// `{arch}.attention.sliding_window`, when a file sets it, limits every
    /// layer's attention (Mistral 7B v0.1 files use the `llama` architecture).
    public let honoursSlidingWindowKey: Bool
    /// The tensors a file of this architecture may carry, and which of them it must.
    public let tensors: [TensorRole: Presence]

    public enum Presence: Sendable { case required, optional }

    /// Tensors every decoder here has, plus the alternatives the loader
    /// resolves from the file: separate Q/K/V or one fused `attn_qkv`.
    private static let common: [TensorRole: Presence] = [
        .tokenEmbedding: .required, .outputNorm: .required, .output: .optional,
        .attentionNorm: .required, .query: .optional, .key: .optional, .value: .optional,
        .queryKeyValue: .optional, .attentionOutput: .required,
        .feedForwardNorm: .required, .gate: .required, .up: .required, .down: .required,
    ]

    private static func tensors(_ extra: [TensorRole: Presence]) -> [TensorRole: Presence] {
        common.merging(extra) { _, new in new }
    }

    /// Llama 1–3.x, SmolLM2, Mistral: RoPE frequency factors (Llama 3.1+) optional.
    public static let llama = Architecture(
        name: "llama", ropePairing: .interleaved, activation: .silu, scalesEmbeddings: false,
        globalLayerPeriod: nil, slidingRopeBase: nil, honoursSlidingWindowKey: true,
        tensors: tensors([.ropeFrequencies: .optional, .attentionOutputBias: .optional,
                          .queryBias: .optional, .keyBias: .optional, .valueBias: .optional]))

    /// Gemma 3: values as llama.cpp and the Gemma 3 report give them
    /// (5 local : 1 global layers, local RoPE base 10 000).
    public static let gemma3 = Architecture(
        name: "gemma3", ropePairing: .halves, activation: .gelu, scalesEmbeddings: true,
        globalLayerPeriod: 6, slidingRopeBase: 10_000, honoursSlidingWindowKey: false,
        tensors: tensors([.queryNorm: .required, .keyNorm: .required,
                          .postAttentionNorm: .required, .postFeedForwardNorm: .required]))

    /// Qwen 2 / 2.5: biases on Q, K and V, NeoX RoPE, tied or separate head.
    public static let qwen2 = Architecture(
        name: "qwen2", ropePairing: .halves, activation: .silu, scalesEmbeddings: false,
        globalLayerPeriod: nil, slidingRopeBase: nil, honoursSlidingWindowKey: false,
        tensors: tensors([.queryBias: .optional, .keyBias: .optional, .valueBias: .optional,
                          .queryKeyValueBias: .optional, .outputBias: .optional]))

    /// Qwen 3: per-head RMSNorm of queries and keys before RoPE, no QKV bias.
    public static let qwen3 = Architecture(
        name: "qwen3", ropePairing: .halves, activation: .silu, scalesEmbeddings: false,
        globalLayerPeriod: nil, slidingRopeBase: nil, honoursSlidingWindowKey: false,
        tensors: tensors([.queryNorm: .required, .keyNorm: .required]))

    /// Phi-3 / 3.5: fused `attn_qkv`, gate and up fused in one `ffn_up` twice
    /// as wide (gate first), LongRoPE factors when the file has them.
    /// llama.cpp disables Phi's sliding window (its converters set it
    /// wrongly), so the key is ignored here too.
    public static let phi3 = Architecture(
        name: "phi3", ropePairing: .halves, activation: .silu, scalesEmbeddings: false,
        globalLayerPeriod: nil, slidingRopeBase: nil, honoursSlidingWindowKey: false,
        tensors: tensors([.gate: .optional, .ropeFactorsLong: .optional, .ropeFactorsShort: .optional,
                          .queryKeyValueBias: .optional, .attentionOutputBias: .optional, .outputBias: .optional]))

    static let all: [Architecture] = [.llama, .gemma3, .qwen2, .qwen3, .phi3]
    public static var supportedNames: [String] { all.map(\.name) }

    public static func named(_ name: String) throws -> Architecture {
        guard let architecture = all.first(where: { $0.name == name }) else {
            throw ModelError.unsupportedArchitecture(name)
        }
        return architecture
    }

    func allows(_ role: TensorRole) -> Bool { tensors[role] != nil }
    func requires(_ role: TensorRole) -> Bool { tensors[role] == .required }
}
