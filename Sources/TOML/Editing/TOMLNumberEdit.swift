/// Sets numbers in a TOML source in place: the bytes of each value are replaced, or a
/// `key = value` line is added, and every other byte — comments, order, layout — stays as it
/// was. Used to write fitted thresholds back into a swarm or policy file.
///
///     let edited = try TOMLNumberEdit.setting([(["router", "min_margin"], 0.12)], in: bytes, file: path)
public enum TOMLNumberEdit {
    /// `source` with each key path set to its number. An existing value must be a number; a
    /// missing key is added on the line after the header of its nearest table written as a
    /// `[header]` (as a dotted key when tables in between do not exist); keys added to one
    /// table appear in the order given. Errors carry positions.
    public static func setting(_ settings: [(keys: [String], value: Double)], in source: [UInt8],
                               file: String?) throws(TOMLError) -> [UInt8] {
        var bytes = source
        // Each added key goes right after its table's header: adding in reverse keeps the given order.
        for (keys, value) in settings.reversed() {
            guard !keys.isEmpty else { continue }
            guard value.isFinite else {
                throw .invalid("\(keys.joined(separator: ".")): \(value) is not a TOML number", at: start(file))
            }
            bytes = try set(keys, to: format(value), in: bytes, file: file)
            // The result must read back as the value written.
            let document = try TOMLDocument(parsing: bytes, file: file)
            guard document.value(at: keys)?.double == Double(format(value)) else {
                throw .invalid("\(keys.joined(separator: ".")) did not read back as \(format(value)) after the edit", at: start(file))
            }
        }
        return bytes
    }

    /// A float as written: at most four decimals, always with a fraction (`0.5`, `1.0`).
    public static func format(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return "\(rounded == 0 ? 0 : rounded)"
    }

    private static func set(_ keys: [String], to text: String, in bytes: [UInt8], file: String?) throws(TOMLError) -> [UInt8] {
        let document = try TOMLDocument(parsing: bytes, file: file)
        if let existing = document.value(at: keys) {
            guard existing.double != nil else {
                throw .typeMismatch(key: keys.joined(separator: "."), expected: "a number", found: existing.typeDescription,
                                    at: existing.position)
            }
            let begin = existing.position.offset
            var end = begin
            while end < bytes.count, isNumberByte(bytes[end]) { end += 1 }
            return Array(bytes[..<begin]) + Array(text.utf8) + Array(bytes[end...])
        }
        // The nearest enclosing table that exists.
        for depth in stride(from: keys.count - 1, through: 1, by: -1) {
            guard let value = document.value(at: Array(keys[..<depth])) else { continue }
            guard let table = value.table else {
                throw .typeMismatch(key: keys[..<depth].joined(separator: "."), expected: "a table",
                                    found: value.typeDescription, at: value.position)
            }
            let header = table.position.offset
            guard header < bytes.count else { continue }
            if bytes[header] == UInt8(ascii: "{") {
                throw .invalid("cannot add \(keys.joined(separator: ".")) to the inline table '\(table.path)'", at: table.position)
            }
            // A table made by dotted keys or by a deeper header: add a dotted key to its parent.
            guard bytes[header] == UInt8(ascii: "[") else { continue }
            var lineEnd = header
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let newline = lineEnd > 0 && lineEnd < bytes.count && bytes[lineEnd - 1] == UInt8(ascii: "\r") ? "\r\n" : "\n"
            let key = keys[depth...].map(bare).joined(separator: ".")
            if lineEnd == bytes.count {
                return bytes + Array((newline + key + " = " + text + newline).utf8)
            }
            return Array(bytes[...lineEnd]) + Array((key + " = " + text + newline).utf8) + Array(bytes[(lineEnd + 1)...])
        }
        // No enclosing table: a new one at the end.
        guard keys.count >= 2 else {
            throw .invalid("cannot add top-level key \(keys[0])", at: start(file))
        }
        let separator = bytes.last == UInt8(ascii: "\n") || bytes.isEmpty ? "" : "\n"
        return bytes + Array((separator + "\n[\(bare(keys[0]))]\n" + keys.dropFirst().map(bare).joined(separator: ".")
                              + " = " + text + "\n").utf8)
    }

    private static func bare(_ key: String) -> String { TOMLKeyPath.quoted(key) }

    /// Bytes a TOML integer or float can consist of (digits, signs, `.`, `_`, exponents, `inf`,
    /// `nan`, and the letters of hexadecimal, octal and binary integers).
    private static func isNumberByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
    }

    private static func start(_ file: String?) -> TOMLPosition { TOMLPosition(file: file, line: 1, column: 1, offset: 0) }
}
