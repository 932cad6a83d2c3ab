/// A TOML value together with where it was written.
///
/// The value itself is `kind`; `position` is where its first character is (the opening quote of a
/// string, the `[` of an array, the header of a `[table]`). Optional accessors (`string`,
/// `integer` …) return `nil` for another type; `TOMLTable`'s throwing accessors
/// (`try table.string("name")`) turn a wrong type into a positioned `TOMLError`.
public struct TOMLValue: Sendable, Hashable {
    /// The TOML types.
    public enum Kind: Sendable, Hashable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case bool(Bool)
        case offsetDateTime(TOMLOffsetDateTime)
        case localDateTime(TOMLLocalDateTime)
        case localDate(TOMLLocalDate)
        case localTime(TOMLLocalTime)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var kind: Kind
    public var position: TOMLPosition

    public init(_ kind: Kind, position: TOMLPosition) {
        self.kind = kind
        self.position = position
    }

    /// An error about this value at its position, for rules above TOML syntax:
    /// `throw value.error("router.min_confidence must be between 0 and 1")`.
    public func error(_ message: String) -> TOMLError {
        .invalid(message, at: position)
    }

    /// The type's name with an article, for messages: "a string", "an array", "a local date".
    public var typeDescription: String { kind.typeDescription }

    public var string: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    public var integer: Int64? {
        if case .integer(let value) = kind { return value }
        return nil
    }

    /// The float, or an integer converted to `Double` (so `min_confidence = 1` reads as 1.0).
    public var double: Double? {
        switch kind {
        case .float(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }

    public var bool: Bool? {
        if case .bool(let value) = kind { return value }
        return nil
    }

    public var array: [TOMLValue]? {
        if case .array(let value) = kind { return value }
        return nil
    }

    public var table: TOMLTable? {
        if case .table(let value) = kind { return value }
        return nil
    }
}

extension TOMLValue.Kind {
    /// The type's name with an article, for messages.
    public var typeDescription: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .bool: return "a boolean"
        case .offsetDateTime: return "an offset date-time"
        case .localDateTime: return "a local date-time"
        case .localDate: return "a local date"
        case .localTime: return "a local time"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}
