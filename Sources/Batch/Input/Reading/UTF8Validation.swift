/// Strict UTF-8 decoding that says where bad bytes are, instead of replacing them.
enum UTF8Validation {
    /// The bytes as a string, or `nil` when they are not valid UTF-8.
    static func string(_ bytes: some Collection<UInt8>) -> String? {
        // Contiguous bytes take the standard library's fast validating path.
        if let string = bytes.withContiguousStorageIfAvailable({ String(validating: $0, as: UTF8.self) }) {
            return string
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The offset of the first byte that is not part of a valid UTF-8 sequence, or `nil` if all are.
    static func firstInvalidOffset(in bytes: some Collection<UInt8>) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
            case .error:
                return offset
            case .emptyInput:
                return nil
            }
        }
    }

    /// Words for a rejection: `invalid UTF-8 at byte 17 of field 'Description'`.
    static func problem(in bytes: some Collection<UInt8>, field: String) -> String {
        let at = firstInvalidOffset(in: bytes).map { " at byte \($0)" } ?? ""
        return "invalid UTF-8\(at) of field '\(field)'; re-export the file as UTF-8"
    }
}
