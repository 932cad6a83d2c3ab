/// Binary operators with Python's semantics for the types templates use.
enum JinjaOperators {
    static func apply(_ op: String, _ left: JinjaValue, _ right: JinjaValue, at location: SourceLocation) throws(TemplateError) -> JinjaValue {
        switch op {
        case "==": return .bool(JinjaValue.equal(left, right))
        case "!=": return .bool(!JinjaValue.equal(left, right))
        case "<", ">", "<=", ">=":
            guard let order = JinjaValue.compare(left, right) else {
                if case .undefined(let n) = left { throw .undefined(n, at: location) }
                if case .undefined(let n) = right { throw .undefined(n, at: location) }
                throw .runtime("'\(op)' not supported between '\(left.typeName)' and '\(right.typeName)'", at: location)
            }
            switch op {
            case "<": return .bool(order < 0)
            case ">": return .bool(order > 0)
            case "<=": return .bool(order <= 0)
            default: return .bool(order >= 0)
            }
        case "in": return .bool(try contains(right, left, at: location))
        case "not in": return .bool(!(try contains(right, left, at: location)))
        case "~": return .string(left.text + right.text)
        default: return try arithmetic(op, left, right, at: location)
        }
    }

    /// Python's `needle in container`.
    static func contains(_ container: JinjaValue, _ needle: JinjaValue, at location: SourceLocation) throws(TemplateError) -> Bool {
        switch container {
        case .string(let haystack):
            guard case .string(let s) = needle else {
                throw .runtime("'in <string>' requires a string on the left, not '\(needle.typeName)'", at: location)
            }
            return JinjaStrings.find(s, in: haystack) != nil
        case .list(let items): return items.contains { JinjaValue.equal($0, needle) }
        case .dict(let dict):
            guard case .string(let key) = needle else { return false }
            return dict[key] != nil
        case .undefined: return false
        default:
            throw .runtime("argument of type '\(container.typeName)' is not iterable", at: location)
        }
    }

    private static func arithmetic(_ op: String, _ left: JinjaValue, _ right: JinjaValue, at location: SourceLocation) throws(TemplateError) -> JinjaValue {
        if case .undefined(let n) = left { throw .undefined(n, at: location) }
        if case .undefined(let n) = right { throw .undefined(n, at: location) }
        switch (op, left, right) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("+", .list(let a), .list(let b)): return .list(a + b)
        case ("*", .string(let s), _) where right.integer != nil: return .string(String(repeating: s, count: max(0, right.integer ?? 0)))
        case ("*", _, .string(let s)) where left.integer != nil: return .string(String(repeating: s, count: max(0, left.integer ?? 0)))
        case ("*", .list(let items), _) where right.integer != nil:
            return .list(Array(repeating: items, count: max(0, right.integer ?? 0)).flatMap { $0 })
        default: break
        }
        guard let a = left.number, let b = right.number else {
            throw .runtime("unsupported operand types for \(op): '\(left.typeName)' and '\(right.typeName)'", at: location)
        }
        if let x = left.integer, let y = right.integer {
            switch op {
            case "+": return .int(x &+ y)
            case "-": return .int(x &- y)
            case "*": return .int(x &* y)
            case "//":
                guard y != 0 else { throw .runtime("integer division by zero", at: location) }
                return .int(Int((Double(x) / Double(y)).rounded(.down)))
            case "%":
                guard y != 0 else { throw .runtime("integer modulo by zero", at: location) }
                let r = x % y
                return .int(r != 0 && (r < 0) != (y < 0) ? r + y : r)
            case "**" where y >= 0:
                var result = 1
                for _ in 0..<y { result = result &* x }
                return .int(result)
            default: break
            }
        }
        switch op {
        case "+": return .double(a + b)
        case "-": return .double(a - b)
        case "*": return .double(a * b)
        case "/":
            guard b != 0 else { throw .runtime("division by zero", at: location) }
            return .double(a / b)
        case "//":
            guard b != 0 else { throw .runtime("float floor division by zero", at: location) }
            return .double((a / b).rounded(.down))
        case "%":
            guard b != 0 else { throw .runtime("float modulo by zero", at: location) }
            let r = a.truncatingRemainder(dividingBy: b)
            return .double(r != 0 && (r < 0) != (b < 0) ? r + b : r)
        case "**": return .double(pow(a, b))
        default: throw .runtime("unknown operator '\(op)'", at: location)
        }
    }
}

import Foundation
