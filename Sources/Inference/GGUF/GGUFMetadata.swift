/// The key–value metadata of a GGUF file, with typed lookups.
///
/// Lookups return nil when the key is absent or holds another type; callers
/// that require a key turn nil into an error naming the key.
public struct GGUFMetadata: Sendable {
    /// Keys in file order (for listing) and values by key.
    public private(set) var keys: [String] = []
    private var values: [String: GGUFValue] = [:]

    public init() {}

    public init(_ pairs: [(String, GGUFValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public subscript(key: String) -> GGUFValue? {
        get { values[key] }
        set {
            if values[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            values[key] = newValue
        }
    }

    public var count: Int { values.count }

    public func string(_ key: String) -> String? { values[key]?.stringValue }
    public func int(_ key: String) -> Int? { values[key]?.intValue }
    public func float(_ key: String) -> Float? { values[key]?.floatValue }
    public func bool(_ key: String) -> Bool? { values[key]?.boolValue }

    public func stringArray(_ key: String) -> [String]? {
        guard let items = values[key]?.arrayValue else { return nil }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let s = item.stringValue else { return nil }
            result.append(s)
        }
        return result
    }

    public func floatArray(_ key: String) -> [Float]? {
        guard let items = values[key]?.arrayValue else { return nil }
        var result: [Float] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let f = item.floatValue else { return nil }
            result.append(f)
        }
        return result
    }

    public func intArray(_ key: String) -> [Int]? {
        guard let items = values[key]?.arrayValue else { return nil }
        var result: [Int] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let i = item.intValue else { return nil }
            result.append(i)
        }
        return result
    }
}
