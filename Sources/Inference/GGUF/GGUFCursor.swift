/// A bounds-checked little-endian reader over the bytes of a GGUF file.
///
/// Every read checks the bytes that remain before touching memory and throws
/// a `GGUFError` naming the field being read; nothing here can read out of
/// bounds whatever the file says.
struct GGUFCursor {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - offset }

    func error(_ kind: GGUFError.Kind, _ field: String, at position: Int? = nil) -> GGUFError {
        GGUFError(kind, field: field, offset: position ?? offset)
    }

    mutating func require(_ count: Int, _ field: String) throws(GGUFError) {
        guard count >= 0, count <= remaining else {
            throw error(.truncated(needed: count, remaining: remaining), field)
        }
    }

    mutating func read<T: FixedWidthInteger>(_ type: T.Type, _ field: String) throws(GGUFError) -> T {
        try require(MemoryLayout<T>.size, field)
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    mutating func readFloat(_ field: String) throws(GGUFError) -> Float {
        Float(bitPattern: try read(UInt32.self, field))
    }

    mutating func readDouble(_ field: String) throws(GGUFError) -> Double {
        Double(bitPattern: try read(UInt64.self, field))
    }

    /// A count that must describe at least `minimumElementSize` bytes per
    /// element still in the file; rejects counts a hostile file uses to force
    /// huge allocations or loops.
    mutating func readCount(_ field: String, minimumElementSize: Int) throws(GGUFError) -> Int {
        let start = offset
        let count = try read(UInt64.self, field)
        let limit = UInt64(remaining / max(minimumElementSize, 1))
        guard count <= limit else {
            throw error(.impossibleCount(count, remaining: remaining), field, at: start)
        }
        return Int(count)
    }

    /// A GGUF string: u64 byte length, then UTF-8 bytes (no terminator).
    mutating func readString(_ field: String) throws(GGUFError) -> String {
        let start = offset
        let length = try readCount(field, minimumElementSize: 1)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw error(.invalidUTF8, field, at: start)
        }
        offset += length
        return text
    }

    mutating func skip(to position: Int, _ field: String) throws(GGUFError) {
        try require(position - offset, field)
        offset = position
    }
}
