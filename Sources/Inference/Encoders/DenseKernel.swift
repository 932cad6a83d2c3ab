import CKernels

/// y = x·Wᵀ + b for a batch of tokens, the matmul that dominates the encoder.
///
/// x is (tokens, inputs), W is (outputs, inputs) row-major, y is (tokens, outputs).
enum DenseKernel {
    /// Fast path: rows of W are split across cores, each slice computed by
    /// the C kernel (`ck_dense_f32`: AVX2/FMA tiles of 4 rows × 2 tokens,
    /// or its portable loop) for every token.
    static func apply(_ layer: DenseLayer, to x: UnsafePointer<Float>, tokens: Int, into y: UnsafeMutablePointer<Float>,
                      instructionSet: InstructionSet = .active) {
        let rows = layer.outputs
        let quads = (rows + 3) / 4
        let chunks = Parallel.chunkCount(for: quads, minimum: 4)
        let quadsPerChunk = (quads + chunks - 1) / chunks
        let output = SharedPointer(y)
        let input = SharedPointer(UnsafeMutablePointer(mutating: x))
        let (n, isa) = (Int64(layer.inputs), instructionSet.cValue)
        Parallel.forEach(chunks) { chunk in
            let start = chunk * quadsPerChunk * 4
            let end = min(start + quadsPerChunk * 4, rows)
            guard start < end else { return }
            ck_dense_f32(isa, layer.weight.base, layer.bias.base, n, Int64(start), Int64(end), input.base, Int64(tokens), output.base, Int64(rows))
        }
    }

    /// Slow reference: one scalar dot product per output, in Double.
    static func applyReference(_ layer: DenseLayer, to x: UnsafePointer<Float>, tokens: Int, into y: UnsafeMutablePointer<Float>) {
        for t in 0..<tokens {
            for r in 0..<layer.outputs {
                var sum = Double(layer.bias.base[r])
                for i in 0..<layer.inputs {
                    sum += Double(x[t * layer.inputs + i]) * Double(layer.weight.base[r * layer.inputs + i])
                }
                y[t * layer.outputs + r] = Float(sum)
            }
        }
    }
}
