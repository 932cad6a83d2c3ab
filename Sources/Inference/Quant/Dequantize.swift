/// Scalar reference dequantization of stored tensor rows.
///
/// These are the slow, obviously-correct definitions every fast kernel is
/// tested against; they agree bit for bit with ggml's `dequantize_row_*`.
public enum Dequantize {
    /// Dequantizes `count` elements (a multiple of `type.blockSize`) of a row
    /// stored at `source` into `destination`.
    ///
    /// `source` needs no alignment; it must hold
    /// `type.byteCount(elements: count)` bytes and `destination` room for
    /// `count` floats. A `count` that is not a whole number of blocks is a
    /// programming error (tensor shapes are validated when a file is loaded).
    public static func row(_ type: TensorType, from source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        precondition(count >= 0 && count % type.blockSize == 0,
                     "\(count) elements is not a whole number of \(type) blocks of \(type.blockSize)")
        format(of: type).dequantize(blocks: source, count: count / type.blockSize, into: destination)
    }

    /// The block format that stores `type`: the one place that maps tensor
    /// types to their implementations.
    static func format(of type: TensorType) -> any BlockFormat.Type {
        switch type {
        case .f32: return FormatF32.self
        case .f16: return FormatF16.self
        case .bf16: return FormatBF16.self
        case .q4_0: return BlockQ4_0.self
        case .q4_1: return BlockQ4_1.self
        case .q5_0: return BlockQ5_0.self
        case .q5_1: return BlockQ5_1.self
        case .q8_0: return BlockQ8_0.self
        case .q2_K: return BlockQ2_K.self
        case .q3_K: return BlockQ3_K.self
        case .q4_K: return BlockQ4_K.self
        case .q5_K: return BlockQ5_K.self
        case .q6_K: return BlockQ6_K.self
        }
    }
}
