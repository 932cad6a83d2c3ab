import CKernels

/// A weight matrix in its stored (possibly quantized) format, read in place
/// from the mapped file, plus — for the SIMD kernels — an interleaved copy.
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
    /// The instruction set `multiply` runs on.
    public let instructionSet: InstructionSet
    /// The interleaved copy the SIMD kernels read (nil: portable, or a float type).
    let packed: PackedMatrix?

    init(type: TensorType, data: UnsafeRawPointer, rows: Int, columns: Int) {
        self.init(type: type, data: data, rows: rows, columns: columns, instructionSet: .active)
    }

    /// A matrix whose products run on `instructionSet` (which must be
    /// supported; tests and benchmarks compare the sets this way).
    init(type: TensorType, data: UnsafeRawPointer, rows: Int, columns: Int, instructionSet: InstructionSet) {
        self.type = type
        self.data = data
        self.rows = rows
        self.columns = columns
        self.rowByteCount = columns / type.blockSize * type.bytesPerBlock
        self.instructionSet = instructionSet
        self.packed = instructionSet.usesPackedWeights
            ? PackedMatrix(type: type, data: data, rows: rows, columns: columns) : nil
    }

    /// Dequantizes row `index` into `destination` (`columns` floats).
    func row(_ index: Int, into destination: UnsafeMutablePointer<Float>) {
        Dequantize.row(type, from: data + index * rowByteCount, count: columns, into: destination)
    }

    /// y = x·Wᵀ for a batch: x is (tokens, columns), y is (tokens, rows).
    ///
    /// As in llama.cpp, each token's activations are quantized once to the
    /// int8 format paired with the weight type, then dotted with the weight
    /// rows in integers. The kernels take several tokens per weight load, so a
    /// prompt is a matrix–matrix product; each (row, token) result is the
    /// scalar reference's bit for bit, whatever the batch.
    func multiply(_ x: UnsafePointer<Float>, tokens: Int, into y: UnsafeMutablePointer<Float>) {
        multiply(x, tokens: tokens, rowRange: 0..<rows, into: y, outputStride: rows)
    }

    /// Like `multiply`, restricted to `rowRange`; y is (tokens, outputStride)
    /// and row r lands in column r - rowRange.lowerBound.
    func multiply(_ x: UnsafePointer<Float>, tokens: Int, rowRange: Range<Int>, into y: UnsafeMutablePointer<Float>, outputStride: Int) {
        guard tokens > 0, !rowRange.isEmpty else { return }
        // Shapes were checked at load, so the stride is positive.
        let stride = Int(ck_activation_stride(type.rawValue, Int64(columns)))
        let quantized = UnsafeMutableRawPointer.allocate(byteCount: tokens * stride, alignment: 64)
        defer { quantized.deallocate() }
        quantize(x, tokens: tokens, into: quantized, stride: stride)
        product(activations: quantized, stride: stride, tokens: tokens, rowRange: rowRange, into: y, outputStride: outputStride)
    }

    /// Quantizes each token's activations (tokens split across threads when many).
    private func quantize(_ x: UnsafePointer<Float>, tokens: Int, into quantized: UnsafeMutableRawPointer, stride: Int) {
        let input = SharedRawPointer(UnsafeRawPointer(x))
        let output = SharedPointer(quantized.assumingMemoryBound(to: UInt8.self))
        let (isa, type, columns) = (instructionSet.cValue, self.type.rawValue, Int64(self.columns))
        let chunks = Parallel.chunkCount(for: tokens, minimum: 16)
        let perChunk = (tokens + chunks - 1) / chunks
        Parallel.forEach(chunks) { chunk in
            for t in (chunk * perChunk)..<min(chunk * perChunk + perChunk, tokens) {
                ck_quantize_isa(isa, type, input.base.assumingMemoryBound(to: Float.self) + t * Int(columns), columns, output.base + t * stride)
            }
        }
    }

    /// The integer products, row groups split across threads: every thread
    /// reads a disjoint slice of the weights once for all tokens.
    private func product(activations: UnsafeMutableRawPointer, stride: Int, tokens: Int, rowRange: Range<Int>,
                         into y: UnsafeMutablePointer<Float>, outputStride: Int) {
        let groupRows = Int(CK_PACK_ROWS)
        let firstGroup = rowRange.lowerBound / groupRows
        let groups = (rowRange.upperBound + groupRows - 1) / groupRows - firstGroup
        // A few chunks per thread to balance uneven threads, each at least
        // ~2^16 multiply-adds (a few µs) to amortize the dispatch.
        let work = groups * groupRows * columns * tokens
        let chunks = max(1, min(groups, Parallel.cores * 4, work >> 16))
        let perChunk = (groups + chunks - 1) / chunks
        let chunkCount = (groups + perChunk - 1) / perChunk
        let output = SharedPointer(y)
        let acts = SharedRawPointer(UnsafeRawPointer(activations))
        let weights = SharedRawPointer(data)
        let packedBytes = packed.map { SharedRawPointer(UnsafeRawPointer($0.bytes)) }
        let (isa, type, rows, columns) = (instructionSet.cValue, self.type.rawValue, Int64(self.rows), Int64(self.columns))
        Parallel.forEach(chunkCount) { chunk in
            let begin = max(rowRange.lowerBound, (firstGroup + chunk * perChunk) * groupRows)
            let end = min(rowRange.upperBound, (firstGroup + (chunk + 1) * perChunk) * groupRows)
            guard begin < end else { return }
            ck_matmul(isa, type, weights.base, packedBytes?.base, rows, columns, Int64(begin), Int64(end),
                      acts.base, Int64(stride), Int64(tokens),
                      output.base + (begin - rowRange.lowerBound), Int64(outputStride))
        }
        withExtendedLifetime(packed) {}
    }
}
