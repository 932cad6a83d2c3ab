/// The slow reference dot product of a stored row with float activations.
public enum ReferenceDot {
    /// Largest block of any format (K-quant super-blocks).
    static let maximumBlockSize = 256

    /// Dot product of a stored row of `type` with `count` float activations:
    /// each block is dequantized exactly (see `Dequantize`) and multiplied
    /// in, accumulating left to right in `Float`. `count` must be a multiple
    /// of `type.blockSize`.
    public static func dot(_ type: TensorType, row: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int) -> Float {
        precondition(count >= 0 && count % type.blockSize == 0,
                     "\(count) elements is not a whole number of \(type) blocks of \(type.blockSize)")
        let format = type.format
        // Dequantize a few hundred elements at a time into a stack buffer.
        let chunkBlocks = max(1, maximumBlockSize / type.blockSize)
        let chunkElements = chunkBlocks * type.blockSize
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: chunkElements) { buffer in
            let weights = buffer.baseAddress!
            var sum: Float = 0
            var done = 0
            while done < count {
                let elements = min(chunkElements, count - done)
                let blocks = row + (done / type.blockSize) * type.bytesPerBlock
                format.dequantize(blocks: blocks, count: elements / type.blockSize, into: weights)
                for i in 0..<elements {
                    sum += weights[i] * x[done + i]
                }
                done += elements
            }
            return sum
        }
    }
}
