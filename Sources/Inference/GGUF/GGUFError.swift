/// Why a GGUF file was rejected, and where.
///
/// Every check of the reader names the field it was reading and the byte
/// offset, so a truncated or hostile file yields a message such as
/// `models/x.gguf: offset 1024: tensor info 3 (blk.0.attn_q.weight): data
/// range 4096..+9216 ends past the end of the file (12000 bytes)`.
public struct GGUFError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The file cannot be opened or mapped.
        case cannotOpen(reason: String)
        /// The first four bytes are not `GGUF`.
        case badMagic(found: [UInt8])
        /// Versions 2 and 3 are supported (version 1 used 32-bit counts).
        case unsupportedVersion(UInt32)
        /// Reading `needed` bytes would pass the end of the file.
        case truncated(needed: Int, remaining: Int)
        /// A count or length that cannot fit in the bytes that remain.
        case impossibleCount(UInt64, remaining: Int)
        /// A metadata or tensor type id outside the known range.
        case unknownType(UInt32)
        case invalidUTF8
        case duplicateKey(String)
        case duplicateTensor(String)
        /// Arrays nested deeper than the reader allows.
        case nestingTooDeep(limit: Int)
        /// A metadata value with the wrong type for a key the format defines.
        case wrongType(expected: String, found: String)
        case invalidAlignment(UInt64)
        /// A tensor whose shape, size or data range is not valid.
        case invalidTensor(String)
    }

    public var kind: Kind
    /// What was being read: `header.version`, `metadata[3].value (general.name)`, `tensor 7 (output.weight).offset`.
    public var field: String
    /// Byte offset in the file where that field starts.
    public var offset: Int
    /// The file, when known.
    public var path: String?

    public init(_ kind: Kind, field: String, offset: Int, path: String? = nil) {
        self.kind = kind
        self.field = field
        self.offset = offset
        self.path = path
    }

    public var description: String {
        let location = (path.map { "\($0): " } ?? "") + "offset \(offset): \(field): "
        switch kind {
        case .cannotOpen(let reason):
            return (path.map { "\($0): " } ?? "") + "cannot open: \(reason)"
        case .badMagic(let found):
            let text = found.map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
            return location + "not a GGUF file (expected magic 'GGUF', found '\(text)')"
        case .unsupportedVersion(let v):
            return location + "unsupported GGUF version \(v) (expected 2 or 3)"
        case .truncated(let needed, let remaining):
            return location + "file ends early: need \(needed) bytes, \(remaining) remain"
        case .impossibleCount(let count, let remaining):
            return location + "count \(count) cannot fit in the \(remaining) bytes that remain"
        case .unknownType(let id):
            return location + "unknown type id \(id)"
        case .invalidUTF8:
            return location + "string is not valid UTF-8"
        case .duplicateKey(let key):
            return location + "duplicate metadata key '\(key)'"
        case .duplicateTensor(let name):
            return location + "duplicate tensor name '\(name)'"
        case .nestingTooDeep(let limit):
            return location + "arrays nested deeper than \(limit) levels"
        case .wrongType(let expected, let found):
            return location + "expected a value of type \(expected), found \(found)"
        case .invalidAlignment(let value):
            return location + "general.alignment \(value) is not a power of two between 1 and 65536"
        case .invalidTensor(let reason):
            return location + reason
        }
    }
}
