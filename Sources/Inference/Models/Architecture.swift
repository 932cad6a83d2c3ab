/// What distinguishes one decoder architecture from another, as data.
///
/// Every supported architecture runs through the same `TransformerBlock`;
/// the differences are these switches, never a copied forward pass.
public struct Architecture: Sendable {
    public enum Activation: Sendable { case silu, gelu }

    /// The `general.architecture` value.
    public let name: String
    public let ropePairing: RotaryEmbedding.Pairing
    /// Gated feed-forward activation: act(gate(x)) · up(x).
    public let activation: Activation
    /// Multiply token embeddings by sqrt(embedding width) (Gemma).
    public let scalesEmbeddings: Bool
    /// RMS-normalise each query and key head before RoPE (Gemma 3).
    public let normalizesQueryKey: Bool
    /// RMS-normalise the attention and feed-forward outputs before the residual add (Gemma 2/3).
    public let normalizesBlockOutputs: Bool
    /// When set, every layer is sliding-window except each `n`-th (Gemma 3: 6).
    public let globalLayerPeriod: Int?
    /// RoPE base of the sliding-window layers when it differs from the global one.
    public let slidingRopeBase: Float?

    public static let llama = Architecture(
        name: "llama", ropePairing: .interleaved, activation: .silu,
        scalesEmbeddings: false, normalizesQueryKey: false, normalizesBlockOutputs: false,
        globalLayerPeriod: nil, slidingRopeBase: nil)

    /// Gemma 3: values as llama.cpp and the Gemma 3 report give them
    /// (5 local : 1 global layers, local RoPE base 10 000).
    public static let gemma3 = Architecture(
        name: "gemma3", ropePairing: .halves, activation: .gelu,
        scalesEmbeddings: true, normalizesQueryKey: true, normalizesBlockOutputs: true,
        globalLayerPeriod: 6, slidingRopeBase: 10_000)

    static let all: [Architecture] = [.llama, .gemma3]
    static var supportedNames: [String] { all.map(\.name) }

    public static func named(_ name: String) throws -> Architecture {
        guard let architecture = all.first(where: { $0.name == name }) else {
            throw ModelError.unsupportedArchitecture(name)
        }
        return architecture
    }
}
