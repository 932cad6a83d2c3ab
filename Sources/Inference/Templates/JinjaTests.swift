/// jinja2's tests: `value is defined`, `is none`, `is string`, `is divisibleby 3`, …
enum JinjaTests {
    static func apply(_ name: String, to value: JinjaValue, _ arguments: JinjaCallArguments, at location: SourceLocation) throws(TemplateError) -> Bool {
        func argument() throws(TemplateError) -> JinjaValue {
            guard let first = arguments.positional.first else { throw .runtime("test '\(name)' needs an argument", at: location) }
            return first
        }
        switch name {
        case "defined": return !value.isUndefined
        case "undefined": return value.isUndefined
        case "none":
            if case .none = value { return true }
            return false
        case "boolean":
            if case .bool = value { return true }
            return false
        case "true":
            if case .bool(true) = value { return true }
            return false
        case "false":
            if case .bool(false) = value { return true }
            return false
        case "string":
            if case .string = value { return true }
            return false
        case "number": return value.number != nil
        case "integer":
            if case .int = value { return true }
            return false
        case "float":
            if case .double = value { return true }
            return false
        case "mapping":
            if case .dict = value { return true }
            return false
        case "iterable": return value.iterationItems != nil
        case "sequence":
            switch value {
            case .string, .list, .dict: return true
            default: return false
            }
        case "callable":
            if case .callable = value { return true }
            return false
        case "even", "odd":
            guard let i = value.integer else { throw .runtime("test '\(name)' needs an integer, got \(value.typeName)", at: location) }
            return (i % 2 == 0) == (name == "even")
        case "divisibleby":
            guard let i = value.integer, let d = try argument().integer, d != 0 else {
                throw .runtime("test 'divisibleby' needs non-zero integers", at: location)
            }
            return i % d == 0
        case "eq", "equalto", "==": return JinjaValue.equal(value, try argument())
        case "ne", "!=": return !JinjaValue.equal(value, try argument())
        case "lt", "lessthan", "<": return try JinjaOperators.apply("<", value, try argument(), at: location).isTruthy
        case "le", "<=": return try JinjaOperators.apply("<=", value, try argument(), at: location).isTruthy
        case "gt", "greaterthan", ">": return try JinjaOperators.apply(">", value, try argument(), at: location).isTruthy
        case "ge", ">=": return try JinjaOperators.apply(">=", value, try argument(), at: location).isTruthy
        case "in": return try JinjaOperators.contains(try argument(), value, at: location)
        case "sameas":
            let other = try argument()
            switch (value, other) {
            case (.none, .none): return true
            case (.bool(let a), .bool(let b)): return a == b
            case (.namespace(let a), .namespace(let b)): return a === b
            default: return false
            }
        case "lower":
            guard case .string(let s) = value else { return false }
            return s == s.lowercased() && s != s.uppercased()
        case "upper":
            guard case .string(let s) = value else { return false }
            return s == s.uppercased() && s != s.lowercased()
        case "escaped": return false
        default:
            throw .runtime("unknown test '\(name)'", at: location)
        }
    }
}
