// The "tagged JSON" of the toml-test project: tables become objects, arrays become arrays, and
// every scalar becomes {"type": "<type>", "value": "<text>"}. It is how conformance decoders
// report what they parsed.

extension TOMLDocument {
    /// The document as toml-test tagged JSON (compact, keys in source order).
    public func taggedJSON() -> String {
        var writer = TaggedJSONWriter()
        writer.write(root)
        return writer.text
    }
}

extension TOMLValue {
    /// This value as toml-test tagged JSON.
    public func taggedJSON() -> String {
        var writer = TaggedJSONWriter()
        writer.write(self)
        return writer.text
    }
}

private struct TaggedJSONWriter {
    var text = ""

    mutating func write(_ table: TOMLTable) {
        text += "{"
        for (index, entry) in table.entries.enumerated() {
            if index > 0 { text += "," }
            writeString(entry.key)
            text += ":"
            write(entry.value)
        }
        text += "}"
    }

    mutating func write(_ value: TOMLValue) {
        switch value.kind {
        case .table(let table):
            write(table)
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                write(element)
            }
            text += "]"
        case .string(let string): tagged("string", string)
        case .integer(let integer): tagged("integer", String(integer))
        case .float(let float): tagged("float", Self.format(float))
        case .bool(let bool): tagged("bool", bool ? "true" : "false")
        case .offsetDateTime(let dateTime): tagged("datetime", dateTime.description)
        case .localDateTime(let dateTime): tagged("datetime-local", dateTime.description)
        case .localDate(let date): tagged("date-local", date.description)
        case .localTime(let time): tagged("time-local", time.description)
        }
    }

    /// toml-test spells the special values `inf`, `-inf` and `nan`; finite values use Swift's
    /// shortest round-tripping form.
    static func format(_ float: Double) -> String {
        if float.isNaN { return "nan" }
        if float.isInfinite { return float < 0 ? "-inf" : "inf" }
        return float.description
    }

    private mutating func tagged(_ type: String, _ value: String) {
        text += "{\"type\":\"\(type)\",\"value\":"
        writeString(value)
        text += "}"
    }

    private mutating func writeString(_ string: String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
