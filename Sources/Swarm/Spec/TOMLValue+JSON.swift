import Foundation
import TOML

extension TOMLValue {
    /// The value as a Foundation JSON object (for schemas written as inline
    /// TOML tables). Date-times become their TOML text.
    var jsonObject: Any {
        switch kind {
        case .string(let s): return s
        case .integer(let i): return NSNumber(value: i)
        case .float(let d): return NSNumber(value: d)
        case .bool(let b): return b
        case .array(let items): return items.map(\.jsonObject)
        case .table(let table):
            var object: [String: Any] = [:]
            for entry in table.entries { object[entry.key] = entry.value.jsonObject }
            return object
        default: return "\(kind)"
        }
    }

    /// JSON text of `jsonObject`, keys sorted.
    var jsonText: String {
        let data = (try? JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys, .fragmentsAllowed])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
