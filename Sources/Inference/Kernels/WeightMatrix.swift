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
            ? PackedMatrix(type: type, data: data, rows: rows, columns: columns, instructionSet: instructionSet) : nil
    }

    /// Dequantizes row `index` into `destination` (`columns` floats) — from
    /// the packed copy when there is one, so the mapped original is never
    /// read again once packed (the same values either way).
    func row(_ index: Int, into destination: UnsafeMutablePointer<Float>) {
        if let packed {
            ck_packed_row(packed.instructionSet.cValue, type.rawValue, packed.bytes, Int64(columns), Int64(index), destination)
        } else {
            Dequantize.row(type, from: data + index * rowByteCount, count: columns, into: destination)
        }
    }

    /// y = x·Wᵀ for a batch: x is (tokens, columns), y is (tokens, rows).
    ///
    /// As in llama.cpp, each token's activations are quantized once to the
    /// int8 format paired with the weight type, then dotted with the weight
    /// rows in integers. The kernels take several tokens per weight load, so a
    /// prompt is a matrix–matrix product; each (row, token) result is the
    /// scalar reference's bit for bit (float weights on a SIMD set: up to
    /// summation order), and the same whatever the batch.
    func multiply(_ x: UnsafePointer<Float>, tokens: Int, into y: UnsafeMutablePointer<Float>) {
        multiply(x, tokens: tokens, rowRange: 0..<rows, into: y, outputStride: rows)
    }

    /// Like `multiply`, restricted to `rowRange`; y is (tokens, outputStride)
    /// and row r lands in column r - rowRange.lowerBound.
    func multiply(_ x: UnsafePointer<Float>, tokens: Int, rowRange: Range<Int>, into y: UnsafeMutablePointer<Float>, outputStride: Int) {
        let input = QuantizedActivations(x, tokens: tokens, columns: columns, instructionSet: instructionSet)
        Self.multiply([MatrixProduct(self, rowRange: rowRange, into: y, outputStride: outputStride)], input: input)
    }

    /// Several products of one input in one parallel pass (one wait for the
    /// threads instead of one per matrix), the input quantized once per format.
    static func multiply(_ products: [MatrixProduct], input: QuantizedActivations) {
        guard input.tokens > 0 else { return }
        let groupRows = Int(CK_PACK_ROWS)
        // Each product's rows in chunks of whole 16-row groups: a few chunks
        // per thread to balance uneven threads, each at least ~2^16
        // multiply-adds (a few µs) to amortize the dispatch.
        var live: [MatrixProduct] = [], activations: [SharedRawPointer] = [], strides: [Int] = []
        var chunks: [(product: Int, rows: Range<Int>)] = []
        for product in products where !product.rowRange.isEmpty {
            let matrix = product.matrix, range = product.rowRange
            precondition(matrix.columns == input.columns, "input width differs from the matrix's columns")
            let quantized = input.quantized(for: matrix.type)
            live.append(product)
            activations.append(SharedRawPointer(quantized.bytes))
            strides.append(quantized.stride)
            let firstGroup = range.lowerBound / groupRows
            let groups = (range.upperBound + groupRows - 1) / groupRows - firstGroup
            let work = groups * groupRows * matrix.columns * input.tokens
            let count = max(1, min(groups, Parallel.cores * 4, work >> 16))
            let perChunk = (groups + count - 1) / count
            for begin in stride(from: firstGroup, to: firstGroup + groups, by: perChunk) {
                let rows = max(range.lowerBound, begin * groupRows)..<min(range.upperBound, (begin + perChunk) * groupRows)
                chunks.append((live.count - 1, rows))
            }
        }
        let tokens = Int64(input.tokens)
        let (work, products, inputs, rowStrides) = (chunks, live, activations, strides)
        Parallel.forEach(work.count) { chunk in
            let (index, rows) = work[chunk]
            products[index].run(rows: rows, activations: inputs[index].base, stride: rowStrides[index], tokens: tokens)
        }
        withExtendedLifetime(input) {}
    }
}

/// One product of `WeightMatrix.multiply(_:input:)`: rows `rowRange` of
/// `matrix` times the input, into `output` (tokens, outputStride), row r
/// landing in column r − rowRange.lowerBound.
struct MatrixProduct: @unchecked Sendable {
    // The output is written by disjoint row chunks, one thread each.
    let matrix: WeightMatrix
    let rowRange: Range<Int>
    let output: UnsafeMutablePointer<Float>
    let outputStride: Int

    init(_ matrix: WeightMatrix, rowRange: Range<Int>? = nil, into output: UnsafeMutablePointer<Float>, outputStride: Int? = nil) {
        self.matrix = matrix
        self.rowRange = rowRange ?? 0..<matrix.rows
        self.output = output
        self.outputStride = outputStride ?? self.rowRange.count
    }

    /// The integer products of `rows` (a sub-range of rowRange) for every token.
    func run(rows: Range<Int>, activations: UnsafeRawPointer, stride: Int, tokens: Int64) {
        let m = matrix
        ck_matmul(m.instructionSet.cValue, m.type.rawValue, m.data, m.packed.map { UnsafeRawPointer($0.bytes) },
                  Int64(m.rows), Int64(m.columns), Int64(rows.lowerBound), Int64(rows.upperBound),
                  activations, Int64(stride), tokens,
                  output + (rows.lowerBound - rowRange.lowerBound), Int64(outputStride))
    }
}
