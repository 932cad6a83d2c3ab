import Foundation

/// Turns the bytes of one JSON object (an array element or a JSON line) into a record's fields.
///
/// Nested objects become dotted names (`user.login`); arrays of strings or numbers are joined
/// with ", " (Zendesk `tags`); arrays of objects with a `name` become their names (GitHub
/// `labels`); other arrays stay as compact JSON; `null` fields are left out.
enum JSONRecordDecoding {
    static func record(from bytes: [UInt8], at position: TextPosition) -> SourceRecord {
        if UTF8Validation.string(bytes) == nil, let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            // Decoded leniently (bad bytes replaced) only so that the rejection can name the ticket.
            let lenient = Array(String(decoding: bytes, as: UTF8.self).utf8)
            var partial: [(name: String, value: String)] = []
            if let object = try? JSONSerialization.jsonObject(with: Data(lenient)) as? [String: Any] {
                flatten(object, prefix: "", into: &partial)
            }
            return .unreadable(position: position, partial: partial,
                               reason: "invalid UTF-8 at byte \(bad) of the record; re-export the file as UTF-8")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            return .unreadable(position: position, partial: [], reason: "invalid JSON: \(describe(error))")
        }
        guard let dictionary = object as? [String: Any] else {
            return .unreadable(position: position, partial: [],
                               reason: "expected a JSON object for a ticket, found \(kind(of: object))")
        }
        var fields: [(name: String, value: String)] = []
        flatten(dictionary, prefix: "", into: &fields)
        return .fields(FieldRecord(fields: fields, position: position))
    }

    private static func flatten(_ dictionary: [String: Any], prefix: String,
                                into fields: inout [(name: String, value: String)]) {
        // Sorted so the field order, and so the output, is the same run to run.
        for key in dictionary.keys.sorted() {
            guard let value = dictionary[key] else { continue }
            let name = prefix + key
            if let nested = value as? [String: Any] {
                flatten(nested, prefix: name + ".", into: &fields)
            } else if let text = text(of: value) {
                fields.append((name, text))
            }
        }
    }

    /// The bytes of a JSON string literal, decoded; `nil` when they are not one.
    static func string(from bytes: [UInt8]) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) as? String
    }

    /// A field value as text; `nil` for JSON null.
    static func text(of value: Any) -> String? {
        switch value {
        case is NSNull:
            return nil
        case let string as String:
            return string
        case let number as NSNumber:
            if isBoolean(number) { return number.boolValue ? "true" : "false" }
            // Integers print exactly as written (ids beyond 2^53 too); a whole number written as
            // a float (`1e3`, `7.0`) prints as the integer an id field means.
            let described = "\(number)"
            let isFloat = described.contains(".") || described.contains("e")
            if isFloat, let integer = Int64(exactly: number.doubleValue) { return String(integer) }
            return described
        case let array as [Any]:
            if array.allSatisfy({ $0 is String || ($0 is NSNumber) }) {
                return array.compactMap { text(of: $0) }.joined(separator: ", ")
            }
            let names = array.compactMap { ($0 as? [String: Any])?["name"] as? String }
            if names.count == array.count { return names.joined(separator: ", ") }
            return compactJSON(array)
        default:
            return compactJSON(value)
        }
    }

    private static let booleanType = type(of: NSNumber(value: true))

    private static func isBoolean(_ number: NSNumber) -> Bool {
        type(of: number) == booleanType
    }

    private static func compactJSON(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject(value),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func kind(of value: Any) -> String {
        switch value {
        case is [Any]: return "an array"
        case is String: return "a string"
        case is NSNull: return "null"
        default: return "a number or boolean"
        }
    }

    /// Foundation's own words for a parse failure, without the domain and code noise.
    static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }
}
