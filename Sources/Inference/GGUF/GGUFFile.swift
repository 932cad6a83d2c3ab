/// A parsed GGUF file: metadata, tensor directory, and the mapped tensor data.
///
/// Layout (v2/v3, little-endian): magic `GGUF`, u32 version, u64 tensor count,
/// u64 metadata count, metadata key–value pairs, tensor infos, padding to
/// `general.alignment` (default 32), then the data section. Everything is
/// validated against the file size before any tensor data is touched.
public struct GGUFFile: Sendable {
    public let version: UInt32
    public let metadata: GGUFMetadata
    /// Tensors in file order.
    public let tensors: [GGUFTensorInfo]
    public let alignment: Int
    /// Offset of the data section from the start of the file.
    public let dataOffset: Int
    public let storage: MappedFile

    private let tensorIndex: [String: Int]

    /// Arrays nested deeper than this are rejected (real files use depth 1).
    static let maximumNesting = 8
    /// GGML's limit on tensor rank.
    static let maximumDimensions = 4

    /// Maps and parses the file at `path`.
    public init(contentsOf path: String) throws(GGUFError) {
        let storage = try MappedFile(path: path)
        do {
            try self.init(storage: storage)
        } catch var error {
            error.path = path
            throw error
        }
    }

    /// Parses bytes already in memory or mapped.
    public init(storage: MappedFile) throws(GGUFError) {
        self.storage = storage
        var cursor = GGUFCursor(storage.bytes)

        let magicStart = cursor.offset
        try cursor.require(4, "header.magic")
        let magic = Array(storage.bytes[0..<4])
        guard magic == Array("GGUF".utf8) else {
            throw GGUFError(.badMagic(found: magic), field: "header.magic", offset: magicStart)
        }
        _ = try cursor.read(UInt32.self, "header.magic")
        let versionOffset = cursor.offset
        version = try cursor.read(UInt32.self, "header.version")
        guard version == 2 || version == 3 else {
            throw GGUFError(.unsupportedVersion(version), field: "header.version", offset: versionOffset)
        }
        let tensorCountOffset = cursor.offset
        let tensorCount = try cursor.read(UInt64.self, "header.tensor_count")
        let metadataCount = try cursor.read(UInt64.self, "header.metadata_kv_count")
        // Smallest tensor info: 8 (name len) + 4 (dims) + 4 (type) + 8 (offset).
        // Smallest key–value: 8 (key len) + 4 (type) + 1 (u8 value).
        guard tensorCount <= UInt64(cursor.remaining / 24) else {
            throw GGUFError(.impossibleCount(tensorCount, remaining: cursor.remaining), field: "header.tensor_count", offset: tensorCountOffset)
        }
        guard metadataCount <= UInt64(cursor.remaining / 13) else {
            throw GGUFError(.impossibleCount(metadataCount, remaining: cursor.remaining), field: "header.metadata_kv_count", offset: tensorCountOffset + 8)
        }

        var metadata = GGUFMetadata()
        for index in 0..<Int(metadataCount) {
            let keyOffset = cursor.offset
            let key = try cursor.readString("metadata[\(index)].key")
            guard metadata[key] == nil else {
                throw GGUFError(.duplicateKey(key), field: "metadata[\(index)].key", offset: keyOffset)
            }
            let field = "metadata[\(index)] (\(key))"
            let typeId = try cursor.read(UInt32.self, field + ".type")
            metadata[key] = try Self.readValue(typeId: typeId, cursor: &cursor, field: field, depth: 0)
        }
        self.metadata = metadata

        var alignment = 32
        if let value = metadata["general.alignment"] {
            guard case .uint32(let a) = value else {
                throw GGUFError(.wrongType(expected: "u32", found: value.typeName), field: "general.alignment", offset: 0)
            }
            guard a > 0, a <= 65536, a & (a - 1) == 0 else {
                throw GGUFError(.invalidAlignment(UInt64(a)), field: "general.alignment", offset: 0)
            }
            alignment = Int(a)
        }
        self.alignment = alignment

        var infos: [(name: String, dims: [Int], type: TensorType, offset: UInt64, byteCount: Int, at: Int)] = []
        infos.reserveCapacity(Int(tensorCount))
        var index: [String: Int] = [:]
        for i in 0..<Int(tensorCount) {
            let start = cursor.offset
            let name = try cursor.readString("tensor[\(i)].name")
            let field = "tensor[\(i)] (\(name))"
            guard index[name] == nil else {
                throw GGUFError(.duplicateTensor(name), field: field + ".name", offset: start)
            }
            let rankOffset = cursor.offset
            let rank = try cursor.read(UInt32.self, field + ".n_dims")
            guard rank >= 1, rank <= UInt32(Self.maximumDimensions) else {
                throw GGUFError(.invalidTensor("rank \(rank) is not between 1 and \(Self.maximumDimensions)"), field: field + ".n_dims", offset: rankOffset)
            }
            var dims: [Int] = []
            var elements = 1
            for d in 0..<Int(rank) {
                let dimOffset = cursor.offset
                let dim = try cursor.read(UInt64.self, field + ".dims[\(d)]")
                guard dim <= UInt64(Int.max) else {
                    throw GGUFError(.invalidTensor("dimension \(dim) is too large"), field: field + ".dims[\(d)]", offset: dimOffset)
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
                guard !overflow else {
                    throw GGUFError(.invalidTensor("element count overflows"), field: field + ".dims", offset: dimOffset)
                }
                elements = product
                dims.append(Int(dim))
            }
            let typeOffset = cursor.offset
            let typeId = try cursor.read(UInt32.self, field + ".type")
            guard let type = TensorType(rawValue: typeId) else {
                throw GGUFError(.unknownType(typeId), field: field + ".type", offset: typeOffset)
            }
            guard dims[0] % type.blockSize == 0 else {
                throw GGUFError(.invalidTensor("row length \(dims[0]) is not a multiple of the \(type) block size \(type.blockSize)"), field: field + ".dims[0]", offset: rankOffset + 4)
            }
            guard let byteCount = type.byteCount(elements: elements) else {
                throw GGUFError(.invalidTensor("data size overflows"), field: field + ".dims", offset: rankOffset + 4)
            }
            let offsetAt = cursor.offset
            let dataOffset = try cursor.read(UInt64.self, field + ".offset")
            guard dataOffset % UInt64(alignment) == 0 else {
                throw GGUFError(.invalidTensor("data offset \(dataOffset) is not a multiple of the alignment \(alignment)"), field: field + ".offset", offset: offsetAt)
            }
            index[name] = i
            infos.append((name, dims, type, dataOffset, byteCount, offsetAt))
        }

        // The data section starts at the next multiple of the alignment.
        let (padded, overflow) = cursor.offset.addingReportingOverflow(alignment - 1)
        let dataStart = overflow ? Int.max : padded / alignment * alignment
        let dataSize = storage.bytes.count - min(dataStart, storage.bytes.count)
        if !infos.isEmpty, dataStart > storage.bytes.count {
            throw GGUFError(.truncated(needed: dataStart - cursor.offset, remaining: cursor.remaining), field: "data section", offset: cursor.offset)
        }
        dataOffset = dataStart

        // Each tensor must lie inside the data section, and no two may overlap.
        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(infos.count)
        for (i, info) in infos.enumerated() {
            let field = "tensor[\(i)] (\(info.name)).offset"
            guard info.offset <= UInt64(dataSize), UInt64(info.byteCount) <= UInt64(dataSize) - info.offset else {
                throw GGUFError(.invalidTensor("data range \(info.offset)..+\(info.byteCount) ends past the data section (\(dataSize) bytes)"), field: field, offset: info.at)
            }
            tensors.append(GGUFTensorInfo(name: info.name, dimensions: info.dims, type: info.type, offset: Int(info.offset), byteCount: info.byteCount))
        }
        let byOffset = tensors.indices.sorted { tensors[$0].offset < tensors[$1].offset }
        for (a, b) in zip(byOffset, byOffset.dropFirst()) where tensors[a].offset + tensors[a].byteCount > tensors[b].offset {
            throw GGUFError(.invalidTensor("data overlaps tensor '\(tensors[a].name)'"), field: "tensor[\(b)] (\(tensors[b].name)).offset", offset: infos[b].at)
        }
        self.tensors = tensors
        self.tensorIndex = index
    }

    /// The tensor named `name`, if present.
    public func tensor(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// The bytes of a tensor's data (already bounds-checked at load).
    public func data(of tensor: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage.bytes[(dataOffset + tensor.offset)..<(dataOffset + tensor.offset + tensor.byteCount)])
    }

    // MARK: - Metadata values

    private static func readValue(typeId: UInt32, cursor: inout GGUFCursor, field: String, depth: Int) throws(GGUFError) -> GGUFValue {
        switch typeId {
        case 0: return .uint8(try cursor.read(UInt8.self, field))
        case 1: return .int8(try cursor.read(Int8.self, field))
        case 2: return .uint16(try cursor.read(UInt16.self, field))
        case 3: return .int16(try cursor.read(Int16.self, field))
        case 4: return .uint32(try cursor.read(UInt32.self, field))
        case 5: return .int32(try cursor.read(Int32.self, field))
        case 6: return .float32(try cursor.readFloat(field))
        case 7:
            let at = cursor.offset
            let byte = try cursor.read(UInt8.self, field)
            guard byte <= 1 else {
                throw cursor.error(.wrongType(expected: "bool (0 or 1)", found: "byte \(byte)"), field, at: at)
            }
            return .bool(byte == 1)
        case 8: return .string(try cursor.readString(field))
        case 9:
            guard depth < maximumNesting else {
                throw cursor.error(.nestingTooDeep(limit: maximumNesting), field)
            }
            let typeAt = cursor.offset
            let elementType = try cursor.read(UInt32.self, field + ".element_type")
            guard let size = minimumSize(ofType: elementType) else {
                throw cursor.error(.unknownType(elementType), field + ".element_type", at: typeAt)
            }
            let count = try cursor.readCount(field + ".count", minimumElementSize: size)
            var items: [GGUFValue] = []
            items.reserveCapacity(count)
            for i in 0..<count {
                items.append(try readValue(typeId: elementType, cursor: &cursor, field: field + "[\(i)]", depth: depth + 1))
            }
            return .array(items)
        case 10: return .uint64(try cursor.read(UInt64.self, field))
        case 11: return .int64(try cursor.read(Int64.self, field))
        case 12: return .float64(try cursor.readDouble(field))
        default:
            throw cursor.error(.unknownType(typeId), field + ".type", at: cursor.offset - 4)
        }
    }

    /// The fewest bytes a value of a type can occupy, or nil for an unknown type.
    private static func minimumSize(ofType typeId: UInt32) -> Int? {
        switch typeId {
        case 0, 1, 7: return 1
        case 2, 3: return 2
        case 4, 5, 6: return 4
        case 8, 10, 11, 12: return 8       // strings: at least their u64 length
        case 9: return 12                  // element type + count
        default: return nil
        }
    }
}
