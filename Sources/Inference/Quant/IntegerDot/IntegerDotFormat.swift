/// A weight format's scalar integer dot product with its activation
/// partner, the pairing ggml uses (`vec_dot_type`).
///
/// The per-block arithmetic is exact in integers; floats enter only to
/// apply the block scales, in the order of ggml's generic `ggml_vec_dot_*`.
/// These are the references the SIMD kernels of part 2 are tested against.
protocol IntegerDotFormat: BlockFormat {
    /// The form the activations must be quantized to.
    static var activationFormat: ActivationFormat { get }

    /// Dot product of one weight block with the activation block(s) covering
    /// the same elements.
    static func dot(block: UnsafeRawPointer, activations: UnsafeRawPointer) -> Float

    /// Dot product of `blocks` consecutive weight blocks with their
    /// activations; formats with one-element "blocks" (the float formats)
    /// override this with a plain loop.
    static func dot(row: UnsafeRawPointer, activations: UnsafeRawPointer, blocks: Int) -> Float
}

extension IntegerDotFormat {
    /// Sums block results in float, left to right, as ggml does.
    static func dot(row: UnsafeRawPointer, activations: UnsafeRawPointer, blocks: Int) -> Float {
        // Weight and activation blocks cover the same number of elements in
        // every pairing: 32 with Q8_0/Q8_1, 256 with Q8_K, 1 with float32.
        let weightStride = type.bytesPerBlock
        let activationStride = activationFormat.bytesPerBlock
        var sum: Float = 0
        for b in 0..<blocks {
            sum += dot(block: row + b * weightStride, activations: activations + b * activationStride)
        }
        return sum
    }
}
