/// Why a safetensors file was rejected, and where.
///
/// Each check names the header field it was validating, so a hostile or
/// truncated file yields a message such as
/// `models/m.safetensors: tensor 'encoder.layer.0.attention.self.query.weight'.data_offsets:
/// range 100..2000 ends past the end of the data section (1536 bytes)`.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The file cannot be opened or mapped.
        case cannotOpen(reason: String)
        /// The file is shorter than the 8-byte header length prefix.
        case truncated(size: Int)
        /// The header length prefix promises more bytes than the file has, or more than the format allows.
        case headerLengthOutOfRange(length: UInt64, available: Int)
        /// The header bytes are not UTF-8.
        case headerNotUTF8
        /// The header is not a JSON object.
        case headerNotJSON(reason: String)
        /// A key appears twice in one JSON object (`offset` is its byte in the header).
        case duplicateKey(String, offset: Int)
        /// A field is missing or has the wrong JSON type.
        case invalidField(expected: String)
        /// A dtype string that the safetensors format does not define.
        case unknownDType(String)
        /// The product of a shape's dimensions, times the element size, overflows.
        case shapeOverflows(shape: [UInt64])
        /// A tensor's byte range is reversed or past the end of the data section.
        case offsetsOutOfRange(begin: UInt64, end: UInt64, dataSize: Int)
        /// A tensor's byte range does not hold exactly shape × element size bytes.
        case sizeMismatch(expectedBytes: Int, rangeBytes: Int)
        /// Two tensors' byte ranges overlap.
        case overlaps(other: String)
        /// The tensor that was asked for is not in the file.
        case missingTensor
        /// The tensor exists but has another shape than the caller needs.
        case wrongShape(expected: [Int], found: [Int])
        /// The tensor's dtype cannot be read as floats.
        case notFloatingPoint(SafeTensorsDType)
    }

    public var kind: Kind
    /// What was being checked: `header length`, `header`, `tensor 'x'.dtype`, `__metadata__.format`.
    public var field: String
    /// The file, when known.
    public var path: String?

    public init(_ kind: Kind, field: String, path: String? = nil) {
        self.kind = kind
        self.field = field
        self.path = path
    }

    public var description: String {
        let location = (path.map { "\($0): " } ?? "") + "\(field): "
        switch kind {
        case .cannotOpen(let reason):
            return (path.map { "\($0): " } ?? "") + "cannot open: \(reason)"
        case .truncated(let size):
            return location + "file is \(size) bytes; a safetensors file starts with an 8-byte header length"
        case .headerLengthOutOfRange(let length, let available):
            return location + "header length \(length) does not fit: \(available) bytes follow the length prefix"
        case .headerNotUTF8:
            return location + "header is not valid UTF-8"
        case .headerNotJSON(let reason):
            return location + "header is not a JSON object (\(reason))"
        case .duplicateKey(let key, let offset):
            return location + "key '\(key)' appears twice in one object (second at byte \(offset) of the header)"
        case .invalidField(let expected):
            return location + "expected \(expected)"
        case .unknownDType(let name):
            return location + "unknown dtype '\(name)' (expected one of \(SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .shapeOverflows(let shape):
            return location + "shape \(shape) has more bytes than can be addressed"
        case .offsetsOutOfRange(let begin, let end, let dataSize):
            return location + "range \(begin)..\(end) is reversed or ends past the end of the data section (\(dataSize) bytes)"
        case .sizeMismatch(let expected, let found):
            return location + "range holds \(found) bytes but shape × dtype size needs \(expected)"
        case .overlaps(let other):
            return location + "range overlaps tensor '\(other)'"
        case .missingTensor:
            return location + "no such tensor in the file"
        case .wrongShape(let expected, let found):
            return location + "expected shape \(expected), found \(found)"
        case .notFloatingPoint(let dtype):
            return location + "dtype \(dtype.rawValue) cannot be read as floats (expected F32, F16 or BF16)"
        }
    }
}
