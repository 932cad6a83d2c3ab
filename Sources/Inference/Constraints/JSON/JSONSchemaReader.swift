import Foundation

extension JSONSchema {
    /// Reads a schema document (as `JSONSerialization` or Swift code builds it).
    /// - Throws: `ConstraintError` naming the JSON pointer of the first problem.
    public init(_ document: [String: Any]) throws {
        guard let value = SchemaValue(document) else {
            throw ConstraintError.invalidSchema(pointer: "#", message: "the schema holds a value that is not JSON")
        }
        self = try SchemaReader.read(value, at: "#")
    }

    /// Reads a schema written as JSON text.
    public init(json: String) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        } catch {
            throw ConstraintError.invalidSchema(pointer: "#", message: "the schema is not valid JSON (\(error.localizedDescription))")
        }
        guard let document = object as? [String: Any] else {
            throw ConstraintError.invalidSchema(pointer: "#", message: "a schema must be a JSON object")
        }
        try self.init(document)
    }
}

/// Turns schema documents into `JSONSchema`, checking every keyword.
enum SchemaReader {
    /// Keywords that only describe: accepted and ignored.
    static let annotations: Set<String> = [
        "title", "description", "$schema", "$id", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly",
    ]
    /// Keywords of the supported subset.
    static let supported: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "minLength", "maxLength",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum", "const", "anyOf", "oneOf",
    ]
    /// Known keywords outside the subset, with what to do instead.
    static let unsupported: [String: String] = [
        "pattern": "regular expressions cannot be enforced while generating; use 'enum' or 'maxLength'",
        "format": "formats are not enforced; use 'pattern'-free strings or 'enum'",
        "patternProperties": "declare each property under 'properties'",
        "propertyNames": "declare each property under 'properties'",
        "$ref": "write the referenced schema in place", "$defs": "write the referenced schema in place",
        "definitions": "write the referenced schema in place",
        "allOf": "merge the schemas into one", "not": "list the allowed values or types instead",
        "if": "use 'anyOf'", "then": "use 'anyOf'", "else": "use 'anyOf'",
        "prefixItems": "use one 'items' schema", "additionalItems": "use one 'items' schema",
        "contains": "use 'items'", "minContains": "use 'items'", "maxContains": "use 'items'",
        "uniqueItems": "not enforced while generating", "multipleOf": "not enforced while generating",
        "minProperties": "use 'required'", "maxProperties": "not enforced while generating",
        "dependentRequired": "not enforced while generating", "dependentSchemas": "not enforced while generating",
        "dependencies": "not enforced while generating",
        "unevaluatedProperties": "properties are never added beyond 'properties'",
        "unevaluatedItems": "use one 'items' schema",
        "contentEncoding": "not enforced while generating", "contentMediaType": "not enforced while generating",
    ]
    static let types = ["object", "array", "string", "number", "integer", "boolean", "null"]
    /// Which keywords belong to which type.
    static let typeKeywords: [String: Set<String>] = [
        "object": ["properties", "required", "additionalProperties"],
        "array": ["items", "minItems", "maxItems"],
        "string": ["minLength", "maxLength"],
        "number": ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
        "integer": ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
        "boolean": [], "null": [],
    ]

    static func child(_ pointer: String, _ token: String) -> String {
        pointer + "/" + token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func read(_ value: SchemaValue, at pointer: String) throws -> JSONSchema {
        guard case .object(let keywords) = value else {
            if case .bool = value {
                throw ConstraintError.invalidSchema(pointer: pointer, message: "boolean schemas are not supported; write an object schema")
            }
            throw ConstraintError.invalidSchema(pointer: pointer, message: "a schema must be a JSON object")
        }
        for key in keywords.keys.sorted() where !annotations.contains(key) && !supported.contains(key) {
            throw ConstraintError.unsupportedKeyword(pointer: child(pointer, key), keyword: key, reason: unsupported[key] ?? "unknown keyword")
        }
        let constraining = keywords.keys.filter { !annotations.contains($0) }
        if keywords["enum"] != nil || keywords["const"] != nil {
            return try readLiterals(keywords, constraining: constraining, at: pointer)
        }
        for keyword in ["anyOf", "oneOf"] where keywords[keyword] != nil {
            if let other = constraining.sorted().first(where: { $0 != keyword }) {
                throw ConstraintError.invalidSchema(pointer: child(pointer, other),
                                                    message: "'\(other)' cannot be combined with '\(keyword)'; put it inside each alternative")
            }
            return try readAlternatives(keywords[keyword], keyword: keyword, at: pointer)
        }
        let typeNames = try readTypes(keywords["type"], at: pointer)
        for keyword in constraining.sorted() where keyword != "type" {
            guard typeNames.contains(where: { typeKeywords[$0]?.contains(keyword) == true }) else {
                throw ConstraintError.invalidSchema(pointer: child(pointer, keyword),
                                                    message: "'\(keyword)' does not apply to type \(typeNames.joined(separator: ", "))")
            }
        }
        let schemas = try typeNames.map { try readType($0, keywords, at: pointer) }
        if schemas.count == 1 { return schemas[0] }
        return try alternatives(schemas, at: pointer)
    }

    static func readTypes(_ value: SchemaValue?, at pointer: String) throws -> [String] {
        let at = child(pointer, "type")
        switch value {
        case nil:
            throw ConstraintError.invalidSchema(pointer: pointer, message: "a schema needs 'type', 'enum', 'const' or 'anyOf'")
        case .string(let name)?:
            guard types.contains(name) else { throw ConstraintError.invalidSchema(pointer: at, message: "unknown type '\(name)'; expected one of \(types.joined(separator: ", "))") }
            return [name]
        case .array(let names)? where !names.isEmpty:
            var result: [String] = []
            for (i, name) in names.enumerated() {
                guard case .string(let name) = name, types.contains(name) else {
                    throw ConstraintError.invalidSchema(pointer: child(at, String(i)), message: "expected one of \(types.joined(separator: ", "))")
                }
                if !result.contains(name) { result.append(name) }
            }
            return result
        default:
            throw ConstraintError.invalidSchema(pointer: at, message: "'type' must be a type name or a non-empty list of them")
        }
    }

    static func readType(_ type: String, _ keywords: [String: SchemaValue], at pointer: String) throws -> JSONSchema {
        switch type {
        case "object": return try readObject(keywords, at: pointer)
        case "array":
            guard let items = keywords["items"] else {
                throw ConstraintError.invalidSchema(pointer: pointer, message: "an array needs 'items' (the schema of its elements)")
            }
            if case .array = items {
                throw ConstraintError.unsupportedKeyword(pointer: child(pointer, "items"), keyword: "items", reason: "a list of item schemas (tuples) is not supported")
            }
            let itemSchema = try read(items, at: child(pointer, "items"))
            let (minimum, maximum) = try readCounts(keywords, "minItems", "maxItems", at: pointer)
            return JSONSchema(kind: .array(items: itemSchema, minItems: minimum, maxItems: maximum), pointer: pointer)
        case "string":
            let (minimum, maximum) = try readCounts(keywords, "minLength", "maxLength", at: pointer)
            return JSONSchema(kind: .string(minLength: minimum, maxLength: maximum), pointer: pointer)
        case "number", "integer": return try readNumber(keywords, integer: type == "integer", at: pointer)
        case "boolean": return JSONSchema(kind: .boolean, pointer: pointer)
        default: return JSONSchema(kind: .null, pointer: pointer)
        }
    }

    static func readObject(_ keywords: [String: SchemaValue], at pointer: String) throws -> JSONSchema {
        switch keywords["additionalProperties"] {
        case nil, .bool(false)?: break
        default:
            throw ConstraintError.unsupportedKeyword(pointer: child(pointer, "additionalProperties"), keyword: "additionalProperties",
                                                     reason: "generation writes declared properties only; set it to false or leave it out")
        }
        var properties: [JSONSchema.Property] = []
        if let value = keywords["properties"] {
            guard case .object(let declared) = value else {
                throw ConstraintError.invalidSchema(pointer: child(pointer, "properties"), message: "'properties' must be an object of schemas")
            }
            for name in declared.keys.sorted() {
                let at = child(child(pointer, "properties"), name)
                properties.append(JSONSchema.Property(name: name, schema: try read(declared[name] ?? .null, at: at)))
            }
        }
        guard properties.count <= 64 else {
            throw ConstraintError.invalidSchema(pointer: child(pointer, "properties"), message: "at most 64 properties are supported")
        }
        var required: [String] = []
        if let value = keywords["required"] {
            guard case .array(let names) = value else {
                throw ConstraintError.invalidSchema(pointer: child(pointer, "required"), message: "'required' must be a list of property names")
            }
            for (i, name) in names.enumerated() {
                let at = child(child(pointer, "required"), String(i))
                guard case .string(let name) = name else { throw ConstraintError.invalidSchema(pointer: at, message: "expected a property name") }
                guard properties.contains(where: { $0.name == name }) else {
                    throw ConstraintError.invalidSchema(pointer: at, message: "required property '\(name)' is not declared in 'properties' (undeclared properties are never generated)")
                }
                if !required.contains(name) { required.append(name) }
            }
        }
        return JSONSchema(kind: .object(properties: properties, required: required), pointer: pointer)
    }

    static func readCounts(_ keywords: [String: SchemaValue], _ minKey: String, _ maxKey: String, at pointer: String) throws -> (Int, Int?) {
        func count(_ key: String) throws -> Int? {
            guard let value = keywords[key] else { return nil }
            guard let count = value.count else {
                throw ConstraintError.invalidSchema(pointer: child(pointer, key), message: "'\(key)' must be a non-negative integer")
            }
            return count
        }
        let minimum = try count(minKey) ?? 0
        let maximum = try count(maxKey)
        if let maximum, maximum < minimum {
            throw ConstraintError.invalidSchema(pointer: child(pointer, maxKey), message: "'\(maxKey)' \(maximum) is less than '\(minKey)' \(minimum)")
        }
        return (minimum, maximum)
    }

    static func readNumber(_ keywords: [String: SchemaValue], integer: Bool, at pointer: String) throws -> JSONSchema {
        var bounds = JSONSchema.NumberBounds()
        func number(_ key: String) throws -> Double? {
            guard let value = keywords[key] else { return nil }
            guard let number = value.number else {
                throw ConstraintError.invalidSchema(pointer: child(pointer, key), message: "'\(key)' must be a number")
            }
            return number
        }
        bounds.minimum = try number("minimum")
        bounds.maximum = try number("maximum")
        // Draft 6+: exclusiveMinimum is a number; draft 4: a flag on minimum.
        for (key, isMinimum) in [("exclusiveMinimum", true), ("exclusiveMaximum", false)] {
            switch keywords[key] {
            case nil: continue
            case .bool(let flag)?:
                guard (isMinimum ? bounds.minimum : bounds.maximum) != nil || !flag else {
                    throw ConstraintError.invalidSchema(pointer: child(pointer, key), message: "'\(key)': true needs '\(isMinimum ? "minimum" : "maximum")'")
                }
                if isMinimum { bounds.exclusiveMinimum = flag } else { bounds.exclusiveMaximum = flag }
            case let value?:
                guard let limit = value.number else {
                    throw ConstraintError.invalidSchema(pointer: child(pointer, key), message: "'\(key)' must be a number")
                }
                // The stricter of the inclusive and exclusive bound wins.
                if isMinimum, bounds.minimum.map({ limit >= $0 }) ?? true { bounds.minimum = limit; bounds.exclusiveMinimum = true }
                if !isMinimum, bounds.maximum.map({ limit <= $0 }) ?? true { bounds.maximum = limit; bounds.exclusiveMaximum = true }
            }
        }
        let schema = JSONSchema(kind: .number(bounds, integer: integer), pointer: pointer)
        let feasible: Bool
        if integer {
            let range = IntegerRange(bounds)
            feasible = range.lower <= range.upper
        } else if let low = bounds.minimum, let high = bounds.maximum {
            feasible = low < high || (low == high && !bounds.exclusiveMinimum && !bounds.exclusiveMaximum)
        } else {
            feasible = true
        }
        guard feasible else { throw ConstraintError.invalidSchema(pointer: pointer, message: "no \(integer ? "integer" : "number") lies within the bounds") }
        return schema
    }

    static func readLiterals(_ keywords: [String: SchemaValue], constraining: [String], at pointer: String) throws -> JSONSchema {
        let keyword = keywords["enum"] != nil ? "enum" : "const"
        if let other = constraining.sorted().first(where: { $0 != keyword && $0 != "type" }) {
            throw ConstraintError.invalidSchema(pointer: child(pointer, other),
                                                message: "'\(other)' cannot be combined with '\(keyword)'; list only allowed values")
        }
        var values: [(SchemaValue, String)] = []
        if keyword == "enum" {
            guard case .array(let list)? = keywords["enum"], !list.isEmpty else {
                throw ConstraintError.invalidSchema(pointer: child(pointer, "enum"), message: "'enum' must be a non-empty list of values")
            }
            values = list.enumerated().map { ($1, child(child(pointer, "enum"), String($0))) }
        } else if let value = keywords["const"] {
            values = [(value, child(pointer, "const"))]
        }
        let typeNames = keywords["type"] == nil ? nil : try readTypes(keywords["type"], at: pointer)
        var texts: [String] = []
        for (value, at) in values {
            if let typeNames, !typeNames.contains(where: value.isOfType) {
                throw ConstraintError.invalidSchema(pointer: at, message: "value \(value.canonicalText) is not of type \(typeNames.joined(separator: ", "))")
            }
            let text = value.canonicalText
            if !texts.contains(text) { texts.append(text) }
        }
        return JSONSchema(kind: .literals(texts), pointer: pointer)
    }

    static func readAlternatives(_ value: SchemaValue?, keyword: String, at pointer: String) throws -> JSONSchema {
        let at = child(pointer, keyword)
        guard case .array(let list)? = value, !list.isEmpty else {
            throw ConstraintError.invalidSchema(pointer: at, message: "'\(keyword)' must be a non-empty list of schemas")
        }
        let schemas = try list.enumerated().map { try read($1, at: child(at, String($0))) }
        return try alternatives(schemas, at: pointer)
    }

    /// One schema out of alternatives: literal-only ones merge; the rest must
    /// start with different bytes, so the first byte of a value picks one.
    static func alternatives(_ schemas: [JSONSchema], at pointer: String) throws -> JSONSchema {
        var flat: [JSONSchema] = []
        for schema in schemas {
            if case .anyOf(let inner) = schema.kind { flat += inner } else { flat.append(schema) }
        }
        var literals: [String] = []
        var literalsPointer: String?
        var result: [JSONSchema] = []
        for schema in flat {
            if let texts = schema.literalTexts {
                literals += texts.filter { !literals.contains($0) }
                literalsPointer = literalsPointer ?? schema.pointer
            } else {
                result.append(schema)
            }
        }
        if let literalsPointer { result.append(JSONSchema(kind: .literals(literals), pointer: literalsPointer)) }
        for i in result.indices {
            for j in result.indices where j > i {
                let shared = result[i].firstBytes.intersection(result[j].firstBytes)
                if let byte = shared.min() {
                    throw ConstraintError.invalidSchema(
                        pointer: pointer,
                        message: "alternatives at \(result[i].pointer) and \(result[j].pointer) can both start with '\(Character(Unicode.Scalar(byte)))'; "
                            + "alternatives must differ in kind (object, array, string, number, or literal values)")
                }
            }
        }
        if result.count == 1 { return result[0] }
        return JSONSchema(kind: .anyOf(result), pointer: pointer)
    }
}

/// The integers allowed by number bounds, clamped to the 18 digits generation writes.
struct IntegerRange {
    static let limit: Int64 = 999_999_999_999_999_999
    var lower: Int64
    var upper: Int64

    init(_ bounds: JSONSchema.NumberBounds) {
        func clamp(_ value: Double) -> Int64 {
            if value <= -Double(Self.limit) { return -Self.limit }
            if value >= Double(Self.limit) { return Self.limit }
            return Int64(value)
        }
        lower = -Self.limit
        upper = Self.limit
        if let minimum = bounds.minimum {
            let ceiling = minimum.rounded(.up)
            lower = max(lower, clamp(bounds.exclusiveMinimum && ceiling == minimum ? ceiling + 1 : ceiling))
        }
        if let maximum = bounds.maximum {
            let floor = maximum.rounded(.down)
            upper = min(upper, clamp(bounds.exclusiveMaximum && floor == maximum ? floor - 1 : floor))
        }
    }
}
