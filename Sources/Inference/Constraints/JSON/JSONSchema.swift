/// A JSON schema in the subset Apiary can enforce while generating.
///
/// Build one from a schema document with `init(_:)` / `init(json:)`: every
/// keyword outside the subset, and every schema that could not be satisfied,
/// is a `ConstraintError` naming its JSON pointer — never silently ignored.
///
/// Supported: `type` (one or a list), `properties`, `required`,
/// `additionalProperties: false` (the default here), `items`, `minItems`,
/// `maxItems`, `minLength`, `maxLength`, `minimum`, `maximum`,
/// `exclusiveMinimum`, `exclusiveMaximum`, `enum`, `const`, and `anyOf` /
/// `oneOf` whose alternatives start differently (object, array, string,
/// number, or literal values); annotations (`title`, `description`, …) are ignored.
public struct JSONSchema: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        /// Declared properties only, in any order, each at most once.
        case object(properties: [Property], required: [String])
        case array(items: JSONSchema, minItems: Int, maxItems: Int?)
        /// Lengths count Unicode scalars, as JSON Schema does.
        case string(minLength: Int, maxLength: Int?)
        case number(NumberBounds, integer: Bool)
        case boolean
        case null
        /// `enum` / `const`: the allowed values as compact JSON text.
        case literals([String])
        /// Alternatives that differ in their first byte, so the first byte chooses one.
        case anyOf([JSONSchema])
    }

    public struct Property: Sendable, Equatable {
        public let name: String
        public let schema: JSONSchema
    }

    /// Inclusive or exclusive bounds of a number.
    public struct NumberBounds: Sendable, Equatable {
        public var minimum: Double?
        public var maximum: Double?
        public var exclusiveMinimum = false
        public var exclusiveMaximum = false

        public var isUnbounded: Bool { minimum == nil && maximum == nil }

        func contains(_ value: Double) -> Bool {
            if let minimum, exclusiveMinimum ? value <= minimum : value < minimum { return false }
            if let maximum, exclusiveMaximum ? value >= maximum : value > maximum { return false }
            return true
        }
    }

    /// Read-only: schemas come from the readers, which check every keyword, so a
    /// `JSONSchema` value can always be enforced.
    public private(set) var kind: Kind
    /// Where in the schema document this schema was written (`#/properties/tags/items`).
    public private(set) var pointer: String

    init(kind: Kind, pointer: String = "#") {
        self.kind = kind
        self.pointer = pointer
    }

    /// The bytes a value of this schema can start with (after whitespace).
    var firstBytes: Set<UInt8> {
        switch kind {
        case .object: return [UInt8(ascii: "{")]
        case .array: return [UInt8(ascii: "[")]
        case .string: return [UInt8(ascii: "\"")]
        case .number: return Set("-0123456789".utf8)
        case .boolean: return [UInt8(ascii: "t"), UInt8(ascii: "f")]
        case .null: return [UInt8(ascii: "n")]
        case .literals(let texts): return Set(texts.compactMap(\.utf8.first))
        case .anyOf(let alternatives): return alternatives.reduce(into: []) { $0.formUnion($1.firstBytes) }
        }
    }

    /// The literal texts of a schema that is only literal values (enum, const, boolean, null).
    var literalTexts: [String]? {
        switch kind {
        case .literals(let texts): return texts
        case .boolean: return ["true", "false"]
        case .null: return ["null"]
        default: return nil
        }
    }
}
