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
    /// As in llama.cpp, each token's activations are quantized once to the
    /// int8 format paired with the weight type, then every weight row is
    /// dotted with them in integers; a prompt reads each row once for all tokens.
    func multiply(_ x: UnsafePointer<Float>, tokens: Int, into y: UnsafeMutablePointer<Float>) {
        multiply(x, tokens: tokens, rowRange: 0..<rows, into: y, outputStride: rows)
    }

    /// Like `multiply`, restricted to `rowRange`; y is (tokens, outputStride)
    /// and row r lands in column r - rowRange.lowerBound.
    func multiply(_ x: UnsafePointer<Float>, tokens: Int, rowRange: Range<Int>, into y: UnsafeMutablePointer<Float>, outputStride: Int) {
        // Shapes were checked at load, so the byte count exists.
        let activationBytes = QuantizedDot.activationFormat(for: type).byteCount(elements: columns) ?? 0
        let quantized = UnsafeMutableRawPointer.allocate(byteCount: max(1, tokens * activationBytes), alignment: 64)
        defer { quantized.deallocate() }
        for t in 0..<tokens {
            QuantizedDot.quantize(x + t * columns, count: columns, for: type, into: quantized + t * activationBytes)
        }
        let activations = SharedPointer(quantized.assumingMemoryBound(to: UInt8.self))
        let output = SharedPointer(y)
        let count = rowRange.count
        let chunks = Parallel.chunkCount(for: count, minimum: 16)
        let perChunk = (count + chunks - 1) / chunks
        Parallel.forEach(chunks) { chunk in
            let start = rowRange.lowerBound + chunk * perChunk
            let end = min(start + perChunk, rowRange.upperBound)
            guard start < end else { return }
            for r in start..<end {
                let row = data + r * rowByteCount
                let column = r - rowRange.lowerBound
                for t in 0..<tokens {
                    output.base[t * outputStride + column] = QuantizedDot.dot(
                        type, row: row, activations: UnsafeRawPointer(activations.base + t * activationBytes), count: columns)
                }
            }
        }
    }
}
