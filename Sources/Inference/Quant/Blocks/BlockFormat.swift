/// One GGML storage format: a fixed number of elements packed into a fixed
/// number of bytes, and the scalar reference that expands them to floats.
///
/// The reference dequantizers follow GGML's `dequantize_row_*` element order
/// and evaluate each element with the same float operations in the same
/// order, so they agree bit for bit with ggml and with the `gguf` Python
/// package.
protocol BlockFormat {
    /// The tensor type this format stores.
    static var type: TensorType { get }

    /// Expands the block at `block` into `type.blockSize` floats.
    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>)

    /// Expands `blockCount` consecutive blocks; formats with one-element
    /// "blocks" (the float formats) override this with a plain loop.
    static func dequantize(blocks: UnsafeRawPointer, count blockCount: Int, into y: UnsafeMutablePointer<Float>)
}

extension BlockFormat {
    static func dequantize(blocks: UnsafeRawPointer, count blockCount: Int, into y: UnsafeMutablePointer<Float>) {
        let stride = type.bytesPerBlock
        let elements = type.blockSize
        for index in 0..<blockCount {
            dequantize(block: blocks + index * stride, into: y + index * elements)
        }
    }
}
