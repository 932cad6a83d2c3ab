/// A TOML table: keys in the order they were written, each with the position of the key and its
/// value. Lookup is by key (`table["name"]`) or dotted path (`table.value(atPath: "router.model")`).
public struct TOMLTable: Sendable, Hashable {
    /// One key of the table.
    public struct Entry: Sendable, Hashable {
        public var key: String
        /// Where the key was written (for a dotted key `a.b.c`, where its own part starts).
        public var keyPosition: TOMLPosition
        public var value: TOMLValue

        public init(key: String, keyPosition: TOMLPosition, value: TOMLValue) {
            self.key = key
            self.keyPosition = keyPosition
            self.value = value
        }
    }

    /// The entries in source order (for tables built by headers: the order keys were first added).
    public private(set) var entries: [Entry]
    /// Where the table was defined: its `[header]`, the `{` of an inline table, or the key that
    /// created it implicitly. The document's top-level table is at 1:1.
    public var position: TOMLPosition
    /// The table's key path from the top of the document, as it would be written in TOML
    /// (`router`, `servers."alpha beta"`, `fruits[1].variety`); empty for the top-level table.
    public var path: String
    private var indexByKey: [String: Int]

    /// An empty table at `position`.
    public init(position: TOMLPosition, path: String = "") {
        self.entries = []
        self.indexByKey = [:]
        self.position = position
        self.path = path
    }

    /// A table from entries already known to have distinct keys (the parser checks this).
    init(entries: [Entry], indexByKey: [String: Int], position: TOMLPosition, path: String) {
        self.entries = entries
        self.indexByKey = indexByKey
        self.position = position
        self.path = path
    }

    /// Adds or replaces `key`. Replacing keeps the key's place in `entries`.
    public mutating func set(_ key: String, _ value: TOMLValue, keyPosition: TOMLPosition) {
        let entry = Entry(key: key, keyPosition: keyPosition, value: value)
        if let index = indexByKey[key] {
            entries[index] = entry
        } else {
            indexByKey[key] = entries.count
            entries.append(entry)
        }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    /// The keys in source order.
    public var keys: [String] { entries.map(\.key) }

    /// The value of `key`, or `nil`.
    public subscript(key: String) -> TOMLValue? {
        guard let index = indexByKey[key] else { return nil }
        return entries[index].value
    }

    /// The entry (key position and value) of `key`, or `nil`.
    public func entry(_ key: String) -> Entry? {
        guard let index = indexByKey[key] else { return nil }
        return entries[index]
    }

    /// The value at a path of keys through nested tables, or `nil` if any step is missing or
    /// not a table.
    public func value(at keys: [String]) -> TOMLValue? {
        guard let first = keys.first, var value = self[first] else { return nil }
        for key in keys.dropFirst() {
            guard let table = value.table, let next = table[key] else { return nil }
            value = next
        }
        return value
    }

    /// The value at a dotted path such as `"router.min_confidence"`. The path is split at every
    /// `.`; use `value(at:)` for keys that themselves contain dots.
    public func value(atPath dottedPath: String) -> TOMLValue? {
        value(at: dottedPath.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }

    /// How this table is named in messages: `table 'router'`, or `the top-level table`.
    public var displayName: String {
        path.isEmpty ? "the top-level table" : "table '\(path)'"
    }

    /// The path of `key` inside this table, for messages (`router.min_confidence`).
    public func path(of key: String) -> String {
        TOMLKeyPath.appending(key, to: path)
    }
}

/// Formatting of key paths the way they are written in TOML.
enum TOMLKeyPath {
    /// `parent.key`, quoting `key` when it is not a bare key.
    static func appending(_ key: String, to parent: String) -> String {
        parent.isEmpty ? quoted(key) : parent + "." + quoted(key)
    }

    /// `key` as written in TOML: bare when it only has `A-Z a-z 0-9 _ -`, else a basic string.
    static func quoted(_ key: String) -> String {
        if !key.isEmpty && key.utf8.allSatisfy(isBareKeyByte) { return key }
        var text = "\""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        return text + "\""
    }
}

/// Whether `byte` may appear in a bare key: `A-Z a-z 0-9 _ -`.
@inline(__always)
func isBareKeyByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
         UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
        return true
    default:
        return false
    }
}
