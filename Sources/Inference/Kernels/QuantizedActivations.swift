import CKernels

/// A batch of activations (tokens, columns) about to meet one or more weight
/// matrices, quantized lazily — once per activation format, whichever
/// matrices share it. Q, K and V read the same normed input, as do the
/// gate and up projections: quantizing it once instead of per matrix.
final class QuantizedActivations {
    let x: UnsafePointer<Float>      // (tokens, columns)
    let tokens: Int
    let columns: Int
    let instructionSet: InstructionSet
    // Keyed by activation format: every weight type with the same format
    // gets the same bytes (ck_activation_stride/ck_quantize depend only on it).
    private var buffers: [ActivationFormat: (bytes: UnsafeMutableRawPointer, stride: Int)] = [:]

    init(_ x: UnsafePointer<Float>, tokens: Int, columns: Int, instructionSet: InstructionSet = .active) {
        self.x = x
        self.tokens = tokens
        self.columns = columns
        self.instructionSet = instructionSet
    }

    deinit { for buffer in buffers.values { buffer.bytes.deallocate() } }

    /// The activations quantized for weights of `type`: `tokens` rows `stride` bytes apart.
    func quantized(for type: TensorType) -> (bytes: UnsafeRawPointer, stride: Int) {
        let format = QuantizedDot.activationFormat(for: type)
        if let buffer = buffers[format] { return (UnsafeRawPointer(buffer.bytes), buffer.stride) }
        // Shapes were checked at load, so the stride is positive.
        let stride = Int(ck_activation_stride(type.rawValue, Int64(columns)))
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: max(1, tokens * stride), alignment: 64)
        let input = SharedRawPointer(UnsafeRawPointer(x))
        let output = SharedPointer(bytes.assumingMemoryBound(to: UInt8.self))
        let (isa, type, columns, tokens) = (instructionSet.cValue, type.rawValue, Int64(columns), tokens)
        let chunks = Parallel.chunkCount(for: tokens, minimum: 16)
        let perChunk = (tokens + chunks - 1) / chunks
        Parallel.forEach(chunks) { chunk in
            for t in (chunk * perChunk)..<min(chunk * perChunk + perChunk, tokens) {
                ck_quantize_isa(isa, type, input.base.assumingMemoryBound(to: Float.self) + t * Int(columns), columns,
                                output.base + t * stride)
            }
        }
        buffers[format] = (bytes, stride)
        return (UnsafeRawPointer(bytes), stride)
    }
}
