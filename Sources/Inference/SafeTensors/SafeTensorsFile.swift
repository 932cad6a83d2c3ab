/// A safetensors file (`model.safetensors`): an 8-byte little-endian header
/// length, a JSON header naming each tensor's dtype, shape and byte range,
/// then the tensor bytes.
///
/// The file is memory-mapped and fully validated at open (see
/// `SafeTensorsHeader`); F32 tensors are then read in place.
public struct SafeTensorsFile: Sendable {
    /// The mapped bytes; kept alive by every `FloatTensor` read from it.
    public let storage: MappedFile
    /// Tensors in data order.
    public let tensors: [SafeTensorsTensorInfo]
    /// The string map under `__metadata__` (empty when absent).
    public let metadata: [String: String]
    /// Offset of the data section in the file (8 + header length).
    public let dataOffset: Int
    private let indexByName: [String: Int]

    /// Maps and validates the file at `path`.
    public init(contentsOf path: String) throws(SafeTensorsError) {
        let storage: MappedFile
        do {
            storage = try MappedFile(path: path)
        } catch {
            guard case .cannotOpen(let reason) = error.kind else {
                throw SafeTensorsError(.cannotOpen(reason: error.description), field: "file", path: path)
            }
            throw SafeTensorsError(.cannotOpen(reason: reason), field: "file", path: path)
        }
        try self.init(storage: storage)
    }

    /// Validates bytes already in memory (tests build hostile files this way).
    public init(storage: MappedFile) throws(SafeTensorsError) {
        let bytes = storage.bytes
        let path = storage.path
        guard bytes.count >= 8 else {
            throw SafeTensorsError(.truncated(size: bytes.count), field: "header length", path: path)
        }
        var length: UInt64 = 0
        for i in (0..<8).reversed() { length = length << 8 | UInt64(bytes[i]) }
        let available = bytes.count - 8
        guard length <= UInt64(min(available, SafeTensorsHeader.maximumLength)) else {
            throw SafeTensorsError(.headerLengthOutOfRange(length: length, available: available), field: "header length", path: path)
        }
        let headerLength = Int(length)
        let header = UnsafeRawBufferPointer(rebasing: bytes[8..<(8 + headerLength)])
        let parsed = try SafeTensorsHeader.parse(header, dataSize: available - headerLength, path: path)

        self.storage = storage
        self.tensors = parsed.tensors
        self.metadata = parsed.metadata
        self.dataOffset = 8 + headerLength
        var index: [String: Int] = [:]
        for (i, tensor) in parsed.tensors.enumerated() { index[tensor.name] = i }
        self.indexByName = index
    }

    /// The tensor called `name`, if present.
    public func tensor(named name: String) -> SafeTensorsTensorInfo? {
        indexByName[name].map { tensors[$0] }
    }

    /// The raw bytes of `tensor` (validated at open, so always inside the file).
    public func data(of tensor: SafeTensorsTensorInfo) -> UnsafeRawBufferPointer {
        let start = dataOffset + tensor.dataRange.lowerBound
        return UnsafeRawBufferPointer(rebasing: storage.bytes[start..<(start + tensor.dataRange.count)])
    }

    /// The tensor `name` as floats, optionally checking its shape.
    ///
    /// F32 data that is 4-byte aligned is returned in place (no copy); F16,
    /// BF16 and misaligned F32 data are converted once into owned memory.
    public func floats(named name: String, shape expected: [Int]? = nil) throws(SafeTensorsError) -> FloatTensor {
        let field = "tensor '\(name)'"
        guard let info = tensor(named: name) else {
            throw SafeTensorsError(.missingTensor, field: field, path: storage.path)
        }
        if let expected, expected != info.shape {
            throw SafeTensorsError(.wrongShape(expected: expected, found: info.shape), field: field, path: storage.path)
        }
        guard info.dtype.isReadableAsFloat else {
            throw SafeTensorsError(.notFloatingPoint(info.dtype), field: field, path: storage.path)
        }
        let bytes = data(of: info)
        let count = info.elementCount
        if info.dtype == .f32, let base = bytes.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 {
            return FloatTensor(shape: info.shape, base: base.assumingMemoryBound(to: Float.self), owner: storage)
        }
        let copy = OwnedFloats(count: count)
        for i in 0..<count {
            switch info.dtype {
            case .f32: copy.pointer[i] = Float(bitPattern: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndianValue)
            case .f16: copy.pointer[i] = Float16Conversion.float(fromHalf: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndianValue)
            default: copy.pointer[i] = Float16Conversion.float(fromBFloat16: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndianValue)
            }
        }
        return FloatTensor(shape: info.shape, base: UnsafePointer(copy.pointer), owner: copy)
    }
}

private extension FixedWidthInteger {
    /// The value of little-endian stored bits on this host.
    var littleEndianValue: Self { Self(littleEndian: self) }
}
