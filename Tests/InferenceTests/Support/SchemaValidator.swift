import Foundation

/// A small JSON-schema validator for tests, written apart from the constraint's
/// matcher so generated output is checked by different code. Covers the keywords
/// the tests use; undeclared properties are errors (the generation default).
enum SchemaValidator {
    /// Problems of `value` (from JSONSerialization) against `schema`; empty when valid.
    static func problems(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        if let options = schema["anyOf"] as? [[String: Any]] {
            return options.contains { problems(value, $0, at: path).isEmpty } ? [] : ["\(path): matches no alternative"]
        }
        if let allowed = schema["enum"] as? [Any] {
            return allowed.contains { equal($0, value) } ? [] : ["\(path): \(value) not in enum"]
        }
        if let constant = schema["const"] {
            return equal(constant, value) ? [] : ["\(path): \(value) is not the constant"]
        }
        let types = (schema["type"] as? [String]) ?? [(schema["type"] as? String) ?? ""]
        guard types.contains(where: { isOfType(value, $0) }) else { return ["\(path): \(value) is not of type \(types)"] }
        var found: [String] = []
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil { found.append("\(path): missing \(name)") }
            for (name, item) in object {
                guard let propertySchema = properties[name] else { found.append("\(path): undeclared \(name)"); continue }
                found += problems(item, propertySchema, at: "\(path).\(name)")
            }
        }
        if let array = value as? [Any], !(value is String) {
            if let minimum = schema["minItems"] as? Int, array.count < minimum { found.append("\(path): fewer than \(minimum) items") }
            if let maximum = schema["maxItems"] as? Int, array.count > maximum { found.append("\(path): more than \(maximum) items") }
            if let items = schema["items"] as? [String: Any] {
                for (i, item) in array.enumerated() { found += problems(item, items, at: "\(path)[\(i)]") }
            }
        }
        if let string = value as? String {
            let length = string.unicodeScalars.count
            if let maximum = schema["maxLength"] as? Int, length > maximum { found.append("\(path): longer than \(maximum)") }
            if let minimum = schema["minLength"] as? Int, length < minimum { found.append("\(path): shorter than \(minimum)") }
        }
        if let number = value as? NSNumber, !isBoolean(value) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { found.append("\(path): below \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { found.append("\(path): above \(maximum)") }
        }
        return found
    }

    static func isBoolean(_ value: Any) -> Bool {
        if type(of: value) == Bool.self { return true }
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    static func isOfType(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return isBoolean(value)
        case "null": return value is NSNull
        case "number": return value is NSNumber && !isBoolean(value)
        case "integer":
            guard let number = value as? NSNumber, !isBoolean(value) else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        default: return false
        }
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        if isBoolean(a) != isBoolean(b) { return false }
        if let a = a as? String, let b = b as? String { return a == b }
        if let a = a as? NSNumber, let b = b as? NSNumber { return a.doubleValue == b.doubleValue }
        return a is NSNull && b is NSNull
    }
}
