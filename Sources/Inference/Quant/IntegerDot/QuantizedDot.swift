/// The integer dot-product path llama.cpp uses: activations are quantized
/// once per matrix–vector product to the int8 format paired with the weight
/// type, then every weight row is dotted with them in integers.
///
/// These are scalar references; part 2's SIMD kernels must agree with them.
public enum QuantizedDot {
    /// The activation format `type`'s weights are dotted with: Q8_0 for
    /// Q4_0/Q5_0/Q8_0, Q8_1 for Q4_1/Q5_1, Q8_K for the K-quants, float32
    /// for the float formats.
    public static func activationFormat(for type: TensorType) -> ActivationFormat {
        type.format.activationFormat
    }

    /// Quantizes `count` activations for a dot with rows of `type` into
    /// `destination`, which must hold
    /// `activationFormat(for: type).byteCount(elements: count)` bytes.
    public static func quantize(_ x: UnsafePointer<Float>, count: Int, for type: TensorType, into destination: UnsafeMutableRawPointer) {
        QuantizeActivations.row(activationFormat(for: type), x, count: count, into: destination)
    }

    /// Dot product of a stored row of `type` with `count` activations
    /// already quantized by `quantize(_:count:for:into:)`. `count` must be a
    /// multiple of `type.blockSize`.
    public static func dot(_ type: TensorType, row: UnsafeRawPointer, activations: UnsafeRawPointer, count: Int) -> Float {
        precondition(count >= 0 && count % type.blockSize == 0,
                     "\(count) elements is not a whole number of \(type) blocks of \(type.blockSize)")
        return type.format.dot(row: row, activations: activations, blocks: count / type.blockSize)
    }

    /// y = W·x for a row-major weight matrix of `rows` × `cols` elements of
    /// `type` (rows stored back to back): x is quantized once, then each row
    /// is dotted with it. `cols` must be a multiple of `type.blockSize`.
    public static func matVec(_ type: TensorType, weights: UnsafeRawPointer, rows: Int, cols: Int,
                              x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        guard let rowBytes = type.byteCount(elements: cols),
              let activationBytes = activationFormat(for: type).byteCount(elements: cols) else {
            preconditionFailure("\(cols) columns is not a whole number of \(type) blocks of \(type.blockSize)")
        }
        withUnsafeTemporaryAllocation(byteCount: max(activationBytes, 1), alignment: 64) { buffer in
            let activations = buffer.baseAddress!
            quantize(x, count: cols, for: type, into: activations)
            for r in 0..<rows {
                y[r] = dot(type, row: weights + r * rowBytes, activations: UnsafeRawPointer(activations), count: cols)
            }
        }
    }
}
