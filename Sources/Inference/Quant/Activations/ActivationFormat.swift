/// The form activations take before they meet a weight row in
/// `QuantizedDot`: int8 blocks for quantized weights (as ggml's
/// `vec_dot_type`), plain floats for float weights.
public enum ActivationFormat: Sendable, CaseIterable, CustomStringConvertible {
    /// Unquantized little-endian float32, one per element.
    case float32
    /// 32 elements: `d: fp16`, `qs: [32] Int8`; x ≈ d·q (34 bytes).
    case q8_0
    /// 32 elements: `d: fp16`, `s: fp16` (= d·Σq), `qs: [32] Int8` (36 bytes).
    /// The stored sum lets a weight format with an offset (Q4_1, Q5_1) add
    /// `m·s` once per block instead of once per element.
    case q8_1
    /// 256 elements: `d: Float32`, `qs: [256] Int8`, `bsums: [16] Int16`
    /// (sums of each 16 quants), 292 bytes. The partner of the K-quants,
    /// whose per-sub-block minimums are applied through `bsums`.
    case q8_K

    /// Elements per block.
    public var blockSize: Int {
        switch self {
        case .float32: return 1
        case .q8_0, .q8_1: return 32
        case .q8_K: return 256
        }
    }

    /// Bytes per block.
    public var bytesPerBlock: Int {
        switch self {
        case .float32: return 4
        case .q8_0: return 2 + 32
        case .q8_1: return 2 + 2 + 32
        case .q8_K: return 4 + 256 + 2 * 16
        }
    }

    /// Bytes needed for `elements` activations, or nil when `elements` is
    /// not a whole number of blocks or the size overflows.
    public func byteCount(elements: Int) -> Int? {
        guard elements >= 0, elements % blockSize == 0 else { return nil }
        let (bytes, overflow) = (elements / blockSize).multipliedReportingOverflow(by: bytesPerBlock)
        return overflow ? nil : bytes
    }

    public var description: String {
        switch self {
        case .float32: return "F32"
        case .q8_0: return "Q8_0"
        case .q8_1: return "Q8_1"
        case .q8_K: return "Q8_K"
        }
    }
}
