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
        type.format.dequantize(blocks: source, count: count / type.blockSize, into: destination)
    }
}
