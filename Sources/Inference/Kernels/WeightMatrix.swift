/// A weight matrix in its stored (possibly quantized) format, read in place
/// from the mapped file.
///
/// `rows` output features, each a stored row of `columns` input weights
/// (GGML order: a tensor with dimensions [columns, rows]).
public struct WeightMatrix: @unchecked Sendable {
    // The pointer is into a read-only mapping that the owning model keeps alive.
    public let type: TensorType
    public let data: UnsafeRawPointer
    public let rows: Int
    public let columns: Int
    public let rowByteCount: Int

    init(type: TensorType, data: UnsafeRawPointer, rows: Int, columns: Int) {
        self.type = type
        self.data = data
        self.rows = rows
        self.columns = columns
        self.rowByteCount = columns / type.blockSize * type.bytesPerBlock
    }

    /// Dequantizes row `index` into `destination` (`columns` floats).
    func row(_ index: Int, into destination: UnsafeMutablePointer<Float>) {
        Dequantize.row(type, from: data + index * rowByteCount, count: columns, into: destination)
    }

    /// y = x·Wᵀ for a batch: x is (tokens, columns), y is (tokens, rows).
    ///
    /// Each weight row is dequantized once and dotted with every token, so a
    /// prompt reads the weights once, not once per token.
    func multiply(_ x: UnsafePointer<Float>, tokens: Int, into y: UnsafeMutablePointer<Float>) {
        multiply(x, tokens: tokens, rowRange: 0..<rows, into: y, outputStride: rows)
    }

    /// Like `multiply`, restricted to `rowRange`; y is (tokens, outputStride)
    /// and row r lands in column r - rowRange.lowerBound.
    func multiply(_ x: UnsafePointer<Float>, tokens: Int, rowRange: Range<Int>, into y: UnsafeMutablePointer<Float>, outputStride: Int) {
        let input = SharedPointer(UnsafeMutablePointer(mutating: x))
        let output = SharedPointer(y)
        let count = rowRange.count
        let chunks = Parallel.chunkCount(for: count, minimum: 16)
        let perChunk = (count + chunks - 1) / chunks
        Parallel.forEach(chunks) { chunk in
            let start = rowRange.lowerBound + chunk * perChunk
            let end = min(start + perChunk, rowRange.upperBound)
            guard start < end else { return }
            withUnsafeTemporaryAllocation(of: Float.self, capacity: columns) { scratch in
                let buffer = scratch.baseAddress!
                for r in start..<end {
                    let weights: UnsafePointer<Float>
                    if type == .f32 {
                        weights = (data + r * rowByteCount).assumingMemoryBound(to: Float.self)
                    } else {
                        row(r, into: buffer)
                        weights = UnsafePointer(buffer)
                    }
                    let column = r - rowRange.lowerBound
                    for t in 0..<tokens {
                        output.base[t * outputStride + column] = VectorMath.dot(weights, input.base + t * columns, count: columns)
                    }
                }
            }
        }
    }
}
