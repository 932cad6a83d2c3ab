import Foundation

/// A JSON value of a schema document, converted from what `JSONSerialization`
/// or Swift code hands over (`[String: Any]`, `NSNumber`, `Bool`, `Int` …).
enum SchemaValue: Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([SchemaValue])
    case object([String: SchemaValue])

    /// nil for values JSON cannot hold (dates, NaN, custom types).
    init?(_ any: Any) {
        switch any {
        case is NSNull: self = .null
        case let value as String: self = .string(value)
        // Swift's own Bool first: on Linux an NSNumber 0/1 also casts to Bool.
        case let value as Bool where type(of: any) == Bool.self: self = .bool(value)
        case let value as Int where type(of: any) == Int.self: self = .integer(Int64(value))
        case let value as Int64 where type(of: any) == Int64.self: self = .integer(value)
        case let value as Double where type(of: any) == Double.self:
            guard value.isFinite else { return nil }
            self = .double(value)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B": self = .bool(number.boolValue)
            case "f", "d":
                guard number.doubleValue.isFinite else { return nil }
                self = .double(number.doubleValue)
            default: self = .integer(number.int64Value)
            }
        case let values as [Any]:
            var array: [SchemaValue] = []
            for value in values {
                guard let converted = SchemaValue(value) else { return nil }
                array.append(converted)
            }
            self = .array(array)
        case let values as [String: Any]:
            var object: [String: SchemaValue] = [:]
            for (key, value) in values {
                guard let converted = SchemaValue(value) else { return nil }
                object[key] = converted
            }
            self = .object(object)
        default: return nil
        }
    }

    /// The value as a number, if it is one.
    var number: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The value as a non-negative whole number, if it is one.
    var count: Int? {
        switch self {
        case .integer(let value) where value >= 0: return Int(exactly: value)
        case .double(let value) where value >= 0 && value.rounded() == value && value < 1e15: return Int(value)
        default: return nil
        }
    }

    /// Whether the value is of a JSON-schema type (`integer` includes 2.0).
    func isOfType(_ type: String) -> Bool {
        switch (self, type) {
        case (.null, "null"), (.bool, "boolean"), (.string, "string"), (.array, "array"), (.object, "object"): return true
        case (.integer, "integer"), (.integer, "number"), (.double, "number"): return true
        case (.double(let value), "integer"): return value.rounded() == value
        default: return false
        }
    }

    /// Compact JSON, keys sorted: the one spelling generation will produce for an enum value.
    var canonicalText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .double(let value):
            if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"
        case .string(let value): return Self.quoted(value)
        case .array(let values): return "[" + values.map(\.canonicalText).joined(separator: ",") + "]"
        case .object(let values):
            return "{" + values.keys.sorted().map { Self.quoted($0) + ":" + (values[$0]?.canonicalText ?? "null") }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest as UTF-8
    /// (the same escaping the templates' `tojson` uses).
    static func quoted(_ text: String) -> String {
        JinjaJSON.quoted(text)
    }
}
