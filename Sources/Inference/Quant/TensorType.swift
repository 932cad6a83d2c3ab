/// The element formats of GGML tensors, with the ids GGUF stores.
///
/// Quantized formats store elements in fixed-size blocks; a row of `n`
/// elements occupies `n / blockSize * bytesPerBlock` bytes, and `n` must be a
/// multiple of `blockSize`.
public enum TensorType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q5_0 = 6
    case q5_1 = 7
    case q8_0 = 8
    case q2_K = 10
    case q3_K = 11
    case q4_K = 12
    case q5_K = 13
    case q6_K = 14
    case bf16 = 30

    /// Elements per block (1 for plain floats).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16: return 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0: return 32
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K: return 256
        }
    }

    /// Bytes per block.
    public var bytesPerBlock: Int {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .q4_0: return 2 + 16            // d, 32 × 4-bit
        case .q4_1: return 2 + 2 + 16        // d, m, 32 × 4-bit
        case .q5_0: return 2 + 4 + 16        // d, high bits, 32 × low 4-bit
        case .q5_1: return 2 + 2 + 4 + 16    // d, m, high bits, low nibbles
        case .q8_0: return 2 + 32            // d, 32 × int8
        case .q2_K: return 16 + 64 + 2 + 2   // scales, 2-bit quants, d, dmin
        case .q3_K: return 32 + 64 + 12 + 2  // high mask, 2-bit quants, scales, d
        case .q4_K: return 2 + 2 + 12 + 128  // d, dmin, scales, 4-bit quants
        case .q5_K: return 2 + 2 + 12 + 32 + 128
        case .q6_K: return 128 + 64 + 16 + 2 // low 4 bits, high 2 bits, scales, d
        }
    }

    /// GGML's name for the type (`Q4_K`), as llama.cpp prints it.
    public var description: String {
        switch self {
        case .f32: return "F32"
        case .f16: return "F16"
        case .bf16: return "BF16"
        case .q4_0: return "Q4_0"
        case .q4_1: return "Q4_1"
        case .q5_0: return "Q5_0"
        case .q5_1: return "Q5_1"
        case .q8_0: return "Q8_0"
        case .q2_K: return "Q2_K"
        case .q3_K: return "Q3_K"
        case .q4_K: return "Q4_K"
        case .q5_K: return "Q5_K"
        case .q6_K: return "Q6_K"
        }
    }

    /// Bytes taken by `elements` elements, or nil when `elements` is not a
    /// whole number of blocks or the size overflows.
    public func byteCount(elements: Int) -> Int? {
        guard elements >= 0, elements % blockSize == 0 else { return nil }
        let (bytes, overflow) = (elements / blockSize).multipliedReportingOverflow(by: bytesPerBlock)
        return overflow ? nil : bytes
    }
}
