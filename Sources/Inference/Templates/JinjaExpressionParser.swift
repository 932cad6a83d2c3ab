/// Expressions, by jinja2's precedence: conditional < or < and < not <
/// comparisons (chained) < + - < ~ < * / // % < ** < unary, with filters
/// and tests binding to the unary operand, then postfix `.name`, `[i]`, `(args)`.
extension JinjaParser {
    /// An expression or a bare tuple `a, b` (as in `{{ a, b }}` or `set x = 1, 2`).
    mutating func parseTuple(allowConditional: Bool = true) throws(TemplateError) -> JinjaExpression {
        let location = current.location
        let first = allowConditional ? try parseExpression() : try parseOr()
        guard isOp(",") else { return first }
        var items = [first]
        while isOp(",") {
            index += 1
            if atExpressionEnd { break }
            items.append(allowConditional ? try parseExpression() : try parseOr())
        }
        return .tuple(items, location)
    }

    var atExpressionEnd: Bool {
        switch current.kind {
        case .variableEnd, .blockEnd, .end: return true
        case .op(let op): return op == ")" || op == "]" || op == "}" || op == "="
        case .name(let n): return n == "in" || n == "if"
        default: return false
        }
    }

    mutating func parseExpression() throws(TemplateError) -> JinjaExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= JinjaParser.maximumDepth else { throw .syntax("expression nested too deeply", at: current.location) }
        let value = try parseOr()
        if isName("if") {
            let location = current.location
            index += 1
            let condition = try parseOr()
            var otherwise: JinjaExpression? = nil
            if isName("else") {
                index += 1
                otherwise = try parseExpression()
            }
            return .conditional(value, condition, otherwise, location)
        }
        return value
    }

    mutating func parseOr() throws(TemplateError) -> JinjaExpression {
        var left = try parseAnd()
        while isName("or") {
            let location = current.location
            index += 1
            left = .logical("or", left, try parseAnd(), location)
        }
        return left
    }

    mutating func parseAnd() throws(TemplateError) -> JinjaExpression {
        var left = try parseNot()
        while isName("and") {
            let location = current.location
            index += 1
            left = .logical("and", left, try parseNot(), location)
        }
        return left
    }

    mutating func parseNot() throws(TemplateError) -> JinjaExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= JinjaParser.maximumDepth else { throw .syntax("expression nested too deeply", at: current.location) }
        if isName("not") {
            let location = current.location
            index += 1
            return .unary("not", try parseNot(), location)
        }
        return try parseCompare()
    }

    /// Comparisons chain as in Python: `a < b < c` means `a < b and b < c`.
    mutating func parseCompare() throws(TemplateError) -> JinjaExpression {
        var operand = try parseMath1()
        var comparisons: [JinjaExpression] = []
        while true {
            let location = current.location
            let op: String
            if case .op(let o) = current.kind, ["==", "!=", "<", ">", "<=", ">="].contains(o) {
                op = o
                index += 1
            } else if isName("in") {
                op = "in"
                index += 1
            } else if isName("not"), case .name("in") = peek(1).kind {
                op = "not in"
                index += 2
            } else {
                break
            }
            let right = try parseMath1()
            comparisons.append(.binary(op, operand, right, location))
            operand = right
        }
        guard var result = comparisons.first else { return operand }
        for next in comparisons.dropFirst() { result = .logical("and", result, next, next.location) }
        return result
    }

    mutating func parseMath1() throws(TemplateError) -> JinjaExpression {
        var left = try parseConcat()
        while case .op(let op) = current.kind, op == "+" || op == "-" {
            let location = current.location
            index += 1
            left = .binary(op, left, try parseConcat(), location)
        }
        return left
    }

    mutating func parseConcat() throws(TemplateError) -> JinjaExpression {
        var left = try parseMath2()
        while isOp("~") {
            let location = current.location
            index += 1
            left = .binary("~", left, try parseMath2(), location)
        }
        return left
    }

    mutating func parseMath2() throws(TemplateError) -> JinjaExpression {
        var left = try parsePow()
        while case .op(let op) = current.kind, ["*", "/", "//", "%"].contains(op) {
            let location = current.location
            index += 1
            left = .binary(op, left, try parsePow(), location)
        }
        return left
    }

    mutating func parsePow() throws(TemplateError) -> JinjaExpression {
        var left = try parseUnary(withFilter: true)
        while isOp("**") {
            let location = current.location
            index += 1
            left = .binary("**", left, try parseUnary(withFilter: true), location)
        }
        return left
    }

    mutating func parseUnary(withFilter: Bool) throws(TemplateError) -> JinjaExpression {
        let location = current.location
        var node: JinjaExpression
        if isOp("-") {
            index += 1
            node = .unary("-", try parseUnary(withFilter: false), location)
        } else if isOp("+") {
            index += 1
            node = .unary("+", try parseUnary(withFilter: false), location)
        } else {
            node = try parsePrimary()
        }
        node = try parsePostfix(node)
        if withFilter { node = try parseFiltersAndTests(node) }
        return node
    }

    mutating func parsePrimary() throws(TemplateError) -> JinjaExpression {
        let token = current
        let location = token.location
        switch token.kind {
        case .name(let name):
            index += 1
            switch name {
            case "true", "True": return .literal(.bool(true), location)
            case "false", "False": return .literal(.bool(false), location)
            case "none", "None": return .literal(.none, location)
            default: return .name(name, location)
            }
        case .string(let s):
            index += 1
            var text = s
            while case .string(let more) = current.kind { text += more; index += 1 }
            return .literal(.string(text), location)
        case .integer(let i):
            index += 1
            return .literal(.int(i), location)
        case .float(let d):
            index += 1
            return .literal(.double(d), location)
        case .op("("):
            index += 1
            if isOp(")") { index += 1; return .tuple([], location) }
            let inner = try parseTuple()
            try expectOp(")")
            return inner
        case .op("["):
            index += 1
            var items: [JinjaExpression] = []
            while !isOp("]") {
                if !items.isEmpty { try expectOp(","); if isOp("]") { break } }
                items.append(try parseExpression())
            }
            index += 1
            return .list(items, location)
        case .op("{"):
            index += 1
            var pairs: [(JinjaExpression, JinjaExpression)] = []
            while !isOp("}") {
                if !pairs.isEmpty { try expectOp(","); if isOp("}") { break } }
                let key = try parseExpression()
                try expectOp(":")
                pairs.append((key, try parseExpression()))
            }
            index += 1
            return .dict(pairs, location)
        default:
            throw .syntax("expected an expression", at: location)
        }
    }

    mutating func parsePostfix(_ start: JinjaExpression) throws(TemplateError) -> JinjaExpression {
        var node = start
        while true {
            let location = current.location
            if isOp(".") {
                index += 1
                switch current.kind {
                case .name(let name):
                    index += 1
                    node = .attribute(node, name, location)
                case .integer(let i):
                    index += 1
                    node = .index(node, .literal(.int(i), location), location)
                default:
                    throw .syntax("expected an attribute name after '.'", at: current.location)
                }
            } else if isOp("[") {
                index += 1
                node = try parseSubscript(node, at: location)
            } else if isOp("(") {
                node = .call(node, try parseArguments(), location)
            } else {
                return node
            }
        }
    }

    mutating func parseSubscript(_ object: JinjaExpression, at location: SourceLocation) throws(TemplateError) -> JinjaExpression {
        var parts: [JinjaExpression?] = [nil]
        var isSlice = false
        while !isOp("]") {
            if isOp(":") {
                isSlice = true
                parts.append(nil)
                index += 1
                continue
            }
            parts[parts.count - 1] = try parseExpression()
        }
        index += 1
        if !isSlice {
            guard let only = parts[0] else { throw .syntax("empty subscript", at: location) }
            return .index(object, only, location)
        }
        guard parts.count <= 3 else { throw .syntax("too many ':' in slice", at: location) }
        return .slice(object, parts[0], parts.count > 1 ? parts[1] : nil, parts.count > 2 ? parts[2] : nil, location)
    }

    /// `( positional..., name=value... )`, the opening parenthesis current.
    mutating func parseArguments() throws(TemplateError) -> JinjaArguments {
        try expectOp("(")
        var arguments = JinjaArguments()
        var first = true
        while !isOp(")") {
            if !first { try expectOp(","); if isOp(")") { break } }
            first = false
            if case .name(let name) = current.kind, case .op("=") = peek(1).kind {
                index += 2
                arguments.keyword.append((name, try parseExpression()))
            } else {
                if !arguments.keyword.isEmpty { throw .syntax("positional argument after keyword argument", at: current.location) }
                arguments.positional.append(try parseExpression())
            }
        }
        index += 1
        return arguments
    }

    mutating func parseFiltersAndTests(_ start: JinjaExpression) throws(TemplateError) -> JinjaExpression {
        var node = start
        while true {
            let location = current.location
            if isOp("|") {
                index += 1
                var name = try expectIdentifier()
                while isOp(".") { index += 1; name += "." + (try expectIdentifier()) }
                var arguments = JinjaArguments()
                if isOp("(") { arguments = try parseArguments() }
                node = .filter(node, name, arguments, location)
            } else if isName("is") {
                index += 1
                var negated = false
                if isName("not") { negated = true; index += 1 }
                let name: String
                switch current.kind {
                case .name(let n): name = n; index += 1
                case .op(let op) where ["==", "!=", "<", ">", "<=", ">="].contains(op): name = op; index += 1
                default: throw .syntax("expected a test name after 'is'", at: current.location)
                }
                var arguments = JinjaArguments()
                if isOp("(") {
                    arguments = try parseArguments()
                } else if startsTestArgument {
                    arguments.positional.append(try parsePostfix(try parsePrimary()))
                }
                node = .test(node, name, arguments, negated: negated, location)
            } else if isOp("(") {
                node = .call(node, try parseArguments(), location)
            } else {
                return node
            }
        }
    }

    /// jinja2 accepts one argument without parentheses: `is divisibleby 3`, `is sameas none`.
    var startsTestArgument: Bool {
        switch current.kind {
        case .string, .integer, .float: return true
        case .name(let n): return !["else", "or", "and", "if", "in", "not", "is"].contains(n)
        case .op(let op): return op == "[" || op == "{"
        default: return false
        }
    }
}
