/// A value handed to a chat template from Swift (`ChatTemplate.render(extra:)`),
/// shaped like JSON: what Hugging Face passes as template variables.
public enum TemplateValue: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([TemplateValue])
    /// Keys in insertion order, as a Python dict keeps them.
    case object([TemplateEntry])

    /// Builds an object from pairs, keeping their order.
    public static func object(_ pairs: KeyValuePairs<String, TemplateValue>) -> TemplateValue {
        .object(pairs.map { TemplateEntry(key: $0.key, value: $0.value) })
    }
}

/// One key of a `TemplateValue.object`.
public struct TemplateEntry: Sendable, Equatable {
    public var key: String
    public var value: TemplateValue

    public init(key: String, value: TemplateValue) {
        self.key = key
        self.value = value
    }
}
