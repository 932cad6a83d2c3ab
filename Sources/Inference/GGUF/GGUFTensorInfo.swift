/// Where one tensor's data lies in a GGUF file and how it is laid out.
public struct GGUFTensorInfo: Sendable {
    public let name: String
    /// Dimensions in GGML order: `dimensions[0]` is the innermost (row length).
    public let dimensions: [Int]
    public let type: TensorType
    /// Offset of the data from the start of the data section.
    public let offset: Int
    /// Bytes of data.
    public let byteCount: Int

    public var elementCount: Int { dimensions.reduce(1, *) }
    /// Elements in one row (the innermost dimension).
    public var rowLength: Int { dimensions.first ?? 1 }
    /// Number of rows (product of the outer dimensions).
    public var rowCount: Int { dimensions.dropFirst().reduce(1, *) }
    /// Bytes of one row.
    public var rowByteCount: Int { rowLength / type.blockSize * type.bytesPerBlock }
}
