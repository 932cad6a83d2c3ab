import Foundation

/// A value while a template renders, with Python's semantics where jinja2 uses them
/// (truthiness, `str()`, equality, ordering).
enum JinjaValue {
    /// A missing variable, attribute or item; the text names it for error messages.
    case undefined(String)
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// Lists and tuples alike.
    case list([JinjaValue])
    case dict(JinjaDict)
    /// `namespace(...)`: the one mutable object templates may assign attributes on.
    case namespace(JinjaNamespace)
    case callable(JinjaCallable)

    init(_ value: TemplateValue) {
        switch value {
        case .none: self = .none
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(JinjaValue.init))
        case .object(let entries):
            var dict = JinjaDict()
            for entry in entries { dict[entry.key] = JinjaValue(entry.value) }
            self = .dict(dict)
        }
    }

    var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    /// Python truthiness.
    var isTruthy: Bool {
        switch self {
        case .undefined, .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let items): return !items.isEmpty
        case .dict(let dict): return !dict.keys.isEmpty
        case .namespace, .callable: return true
        }
    }

    /// A name for the value's type in messages, Python-style.
    var typeName: String {
        switch self {
        case .undefined: return "undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .list: return "list"
        case .dict: return "dict"
        case .namespace: return "Namespace"
        case .callable: return "function"
        }
    }

    /// Python's `str()`; undefined renders as the empty string, as jinja2's default Undefined does.
    var text: String {
        switch self {
        case .undefined: return ""
        case .string(let s): return s
        default: return repr
        }
    }

    /// Python's `repr()`, used for values inside printed lists and dicts.
    var repr: String {
        switch self {
        case .undefined: return ""
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return JinjaValue.pythonFloat(d)
        case .string(let s): return JinjaValue.pythonRepr(s)
        case .list(let items): return "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case .dict(let dict):
            return "{" + dict.keys.map { JinjaValue.pythonRepr($0) + ": " + (dict[$0] ?? .none).repr }.joined(separator: ", ") + "}"
        case .namespace: return "<Namespace>"
        case .callable(let f): return "<function \(f.name)>"
        }
    }

    static func pythonFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded(), abs(d) < 1e16 { return String(format: "%.1f", d) }
        return "\(d)"
    }

    /// Python's quoting: single quotes unless the text has one and no double quote.
    static func pythonRepr(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote { out += "\\" + String(quote) }
                else if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\x%02x", scalar.value) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        out.append(quote)
        return out
    }

    /// Python `==` (numbers compare across int/float/bool; containers element-wise).
    static func equal(_ a: JinjaValue, _ b: JinjaValue) -> Bool {
        switch (a, b) {
        case (.undefined, .undefined), (.none, .none): return true
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.dict(let x), .dict(let y)):
            return x.keys.count == y.keys.count && x.keys.allSatisfy { key in
                guard let l = x[key], let r = y[key] else { return false }
                return equal(l, r)
            }
        case (.namespace(let x), .namespace(let y)): return x === y
        default:
            if let x = a.number, let y = b.number { return x == y }
            return false
        }
    }

    /// Numeric value of int, float and bool (Python's bool is an int).
    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    var integer: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// Python ordering for numbers, strings (by code point) and lists; nil when not comparable.
    static func compare(_ a: JinjaValue, _ b: JinjaValue) -> Int? {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            if x.unicodeScalars.elementsEqual(y.unicodeScalars) { return 0 }
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars, by: { $0.value < $1.value }) ? -1 : 1
        case (.list(let x), .list(let y)):
            for (l, r) in zip(x, y) {
                guard let c = compare(l, r) else { return nil }
                if c != 0 { return c }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        default:
            if let x = a.number, let y = b.number { return x == y ? 0 : (x < y ? -1 : 1) }
            return nil
        }
    }

    /// Items when iterating: list elements, dict keys, string characters (code points).
    var iterationItems: [JinjaValue]? {
        switch self {
        case .undefined: return []
        case .list(let items): return items
        case .dict(let dict): return dict.keys.map { .string($0) }
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        default: return nil
        }
    }

    /// Python `len()`.
    var length: Int? {
        switch self {
        case .undefined: return 0
        case .string(let s): return s.unicodeScalars.count
        case .list(let items): return items.count
        case .dict(let dict): return dict.keys.count
        default: return nil
        }
    }
}

/// A dict that keeps insertion order, as Python's does (templates print and iterate it).
struct JinjaDict {
    private(set) var keys: [String] = []
    private var storage: [String: JinjaValue] = [:]

    subscript(key: String) -> JinjaValue? {
        get { storage[key] }
        set {
            if storage[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            storage[key] = newValue
        }
    }

    var items: [(String, JinjaValue)] { keys.map { ($0, storage[$0] ?? .none) } }
}

/// The object `namespace()` returns; shared by reference so assignments inside
/// loops are visible after them.
final class JinjaNamespace {
    var attributes = JinjaDict()
}

/// Arguments as a callee receives them.
struct JinjaCallArguments {
    var positional: [JinjaValue] = []
    var keyword: [(String, JinjaValue)] = []

    func keywordValue(_ name: String) -> JinjaValue? { keyword.last { $0.0 == name }?.1 }

    /// The argument at `index` or named `name`, if given.
    func value(_ index: Int, _ name: String) -> JinjaValue? {
        if index < positional.count { return positional[index] }
        return keywordValue(name)
    }
}

/// A macro, a bound method or a global function.
final class JinjaCallable {
    let name: String
    let body: (JinjaCallArguments, SourceLocation) throws(TemplateError) -> JinjaValue

    init(name: String, body: @escaping (JinjaCallArguments, SourceLocation) throws(TemplateError) -> JinjaValue) {
        self.name = name
        self.body = body
    }
}
