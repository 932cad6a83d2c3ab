import Foundation

/// The one JSON configuration for results and everything computed from them
/// (result lines, `run --json`, `audit --json`, `route --json`, the batch
/// summary): compact, keys sorted (stable for diffs and tests), slashes
/// unescaped. Readers decode with the matching decoder, so what is written is
/// exactly what is read back.
public enum RecordJSON {
    /// One value as one line of JSON text.
    public static func line<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A score can only be NaN through a bug upstream; keep the line readable rather than lose the ticket.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes one line written by `line(_:)`.
    public static func decode<Value: Decodable>(_ type: Value.Type, from line: String) throws -> Value {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: Data(line.utf8))
    }

    /// Where and why decoding failed, in the "expected …" words of the import errors.
    public static func describe(_ error: Error) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "expected \"\(path(context.codingPath + [key]))\""
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            return "expected \"\(path(context.codingPath))\" to be \(describe(type))"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "expected one JSON object" : "unreadable \"\(path(context.codingPath))\": \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default: return String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
