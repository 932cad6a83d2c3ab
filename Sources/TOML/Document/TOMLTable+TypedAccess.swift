// Throwing accessors for layers that read a schema out of a table (swarm files): a missing key
// is reported at the table's position, a wrong type at the value's position, both naming the
// key's full path.

extension TOMLTable {
    /// The value of a required key; `TOMLError.missingKey` at this table's position if absent.
    public func value(_ key: String) throws(TOMLError) -> TOMLValue {
        guard let value = self[key] else {
            throw .missingKey(path(of: key), table: displayName, at: position)
        }
        return value
    }

    public func string(_ key: String) throws(TOMLError) -> String {
        try typed(key, "a string") { $0.string }
    }

    public func integer(_ key: String) throws(TOMLError) -> Int64 {
        try typed(key, "an integer") { $0.integer }
    }

    /// A float; an integer is accepted and converted (`threshold = 1` means 1.0).
    public func double(_ key: String) throws(TOMLError) -> Double {
        try typed(key, "a number") { $0.double }
    }

    public func bool(_ key: String) throws(TOMLError) -> Bool {
        try typed(key, "a boolean") { $0.bool }
    }

    public func array(_ key: String) throws(TOMLError) -> [TOMLValue] {
        try typed(key, "an array") { $0.array }
    }

    public func table(_ key: String) throws(TOMLError) -> TOMLTable {
        try typed(key, "a table") { $0.table }
    }

    /// An array whose elements must all be strings; a wrong element is reported at its position.
    public func strings(_ key: String) throws(TOMLError) -> [String] {
        var result: [String] = []
        for (index, element) in try array(key).enumerated() {
            guard let text = element.string else {
                throw .typeMismatch(key: "\(path(of: key))[\(index)]", expected: "a string",
                                    found: element.typeDescription, at: element.position)
            }
            result.append(text)
        }
        return result
    }

    /// The string at `key`, or `defaultValue` when the key is absent (a wrong type still throws).
    public func string(_ key: String, default defaultValue: String) throws(TOMLError) -> String {
        self[key] == nil ? defaultValue : try string(key)
    }

    public func integer(_ key: String, default defaultValue: Int64) throws(TOMLError) -> Int64 {
        self[key] == nil ? defaultValue : try integer(key)
    }

    public func double(_ key: String, default defaultValue: Double) throws(TOMLError) -> Double {
        self[key] == nil ? defaultValue : try double(key)
    }

    public func bool(_ key: String, default defaultValue: Bool) throws(TOMLError) -> Bool {
        self[key] == nil ? defaultValue : try bool(key)
    }

    private func typed<T>(
        _ key: String, _ expected: String, _ extract: (TOMLValue) -> T?
    ) throws(TOMLError) -> T {
        let value = try value(key)
        guard let result = extract(value) else {
            throw .typeMismatch(key: path(of: key), expected: expected,
                                found: value.typeDescription, at: value.position)
        }
        return result
    }
}
