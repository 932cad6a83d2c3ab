/// `tojson` as Hugging Face defines it for chat templates:
/// `json.dumps(value, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)`
/// (not jinja2's HTML-safe variant).
enum JinjaJSON {
    struct Options {
        var indent: String? = nil
        /// Python's default is ", " without an indent and "," with one.
        var itemSeparator = ", "
        var keySeparator = ": "
        var sortKeys = false
        /// Escape non-ASCII as \\uXXXX (UTF-16, surrogate pairs above the BMP).
        var ensureASCII = false
    }

    static func encode(_ value: JinjaValue, _ options: Options, at location: SourceLocation) throws(TemplateError) -> String {
        var out = ""
        try write(value, options, level: 0, into: &out, at: location)
        return out
    }

    private static func write(_ value: JinjaValue, _ options: Options, level: Int, into out: inout String, at location: SourceLocation) throws(TemplateError) {
        switch value {
        case .none: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isNaN { out += "NaN" } else if d.isInfinite { out += d < 0 ? "-Infinity" : "Infinity" } else { out += JinjaValue.pythonFloat(d) }
        case .string(let s): out += quoted(s, ensureASCII: options.ensureASCII)
        case .list(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += options.itemSeparator }
                newline(options, level + 1, into: &out)
                try write(item, options, level: level + 1, into: &out, at: location)
            }
            newline(options, level, into: &out)
            out += "]"
        case .dict(let dict):
            guard !dict.keys.isEmpty else { out += "{}"; return }
            out += "{"
            let keys = options.sortKeys ? dict.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value } } : dict.keys
            for (i, key) in keys.enumerated() {
                if i > 0 { out += options.itemSeparator }
                newline(options, level + 1, into: &out)
                out += quoted(key, ensureASCII: options.ensureASCII) + options.keySeparator
                try write(dict[key] ?? .none, options, level: level + 1, into: &out, at: location)
            }
            newline(options, level, into: &out)
            out += "}"
        case .namespace(let namespace):
            try write(.dict(namespace.attributes), options, level: level, into: &out, at: location)
        case .undefined(let name):
            throw .undefined(name, at: location)
        case .callable:
            throw .runtime("Object of type function is not JSON serializable", at: location)
        }
    }

    private static func newline(_ options: Options, _ level: Int, into out: inout String) {
        guard let indent = options.indent else { return }
        out += "\n" + String(repeating: indent, count: level)
    }

    /// JSON string with Python's escapes; non-ASCII stays as is (ensure_ascii=False).
    static func quoted(_ s: String, ensureASCII: Bool = false) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || (ensureASCII && scalar.value > 0x7E) {
                    for unit in String(scalar).utf16 {
                        let hex = String(unit, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
