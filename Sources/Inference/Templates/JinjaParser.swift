/// Parses lexer tokens into statements and expressions, following jinja2's
/// grammar and operator precedence (or < and < not < comparisons < + - <
/// ~ < * / // % < ** < unary, with filters and tests binding to the unary operand).
struct JinjaParser {
    private let tokens: [JinjaToken]
    private var index = 0

    init(tokens: [JinjaToken]) {
        self.tokens = tokens
    }

    static func parse(_ source: String, whitespace: JinjaWhitespace = JinjaWhitespace()) throws(TemplateError) -> [JinjaNode] {
        var lexer = JinjaLexer(source, whitespace: whitespace)
        var parser = JinjaParser(tokens: try lexer.tokenize())
        let (nodes, stop) = try parser.parseBody(until: [])
        if let stop { throw .syntax("unexpected '\(stop)' with no open block", at: parser.current.location) }
        return nodes
    }

    // MARK: - Statements

    /// Parses nodes until a block tag whose keyword is in `stops` (left unconsumed,
    /// positioned on the keyword) or the end of input (returns nil).
    private mutating func parseBody(until stops: Set<String>) throws(TemplateError) -> ([JinjaNode], String?) {
        var nodes: [JinjaNode] = []
        while true {
            let token = current
            switch token.kind {
            case .end:
                return (nodes, nil)
            case .text(let text):
                nodes.append(.text(text))
                index += 1
            case .variableBegin:
                index += 1
                let expression = try parseTuple()
                try expect(.variableEnd, "'}}'")
                nodes.append(.output(expression))
            case .blockBegin:
                guard case .name(let keyword) = peek(1).kind else {
                    throw .syntax("expected a statement name after '{%'", at: peek(1).location)
                }
                if stops.contains(keyword) {
                    index += 1
                    return (nodes, keyword)
                }
                index += 2
                nodes.append(try parseStatement(keyword, at: token.location))
            default:
                throw .syntax("unexpected token", at: token.location)
            }
        }
    }

    private mutating func parseStatement(_ keyword: String, at location: SourceLocation) throws(TemplateError) -> JinjaNode {
        switch keyword {
        case "if": return try parseIf(at: location)
        case "for": return try parseFor(at: location)
        case "set": return try parseSet(at: location)
        case "macro": return try parseMacro(at: location)
        case "call": return try parseCallBlock(at: location)
        case "filter": return try parseFilterBlock(at: location)
        case "break":
            try expect(.blockEnd, "'%}'")
            return .breakLoop(location)
        case "continue":
            try expect(.blockEnd, "'%}'")
            return .continueLoop(location)
        case "generation":
            // Hugging Face's AssistantTracker marks assistant text; rendering is unchanged.
            try expect(.blockEnd, "'%}'")
            let body = try parseBlockBody(ending: "endgeneration", opened: location)
            return .conditional([(.literal(.bool(true), location), body)], [])
        default:
            throw .syntax("unknown statement '\(keyword)'", at: location)
        }
    }

    /// Parses a body up to `{% end %}`, consuming the closing tag.
    private mutating func parseBlockBody(ending: String, opened: SourceLocation) throws(TemplateError) -> [JinjaNode] {
        let (body, stop) = try parseBody(until: [ending])
        guard stop == ending else { throw .syntax("missing '{% \(ending) %}' for the block opened here", at: opened) }
        index += 1
        try expect(.blockEnd, "'%}'")
        return body
    }

    private mutating func parseIf(at opened: SourceLocation) throws(TemplateError) -> JinjaNode {
        var branches: [(JinjaExpression, [JinjaNode])] = []
        var condition = try parseExpression()
        try expect(.blockEnd, "'%}'")
        while true {
            let (body, stop) = try parseBody(until: ["elif", "else", "endif"])
            branches.append((condition, body))
            switch stop {
            case "elif":
                index += 1
                condition = try parseExpression()
                try expect(.blockEnd, "'%}'")
            case "else":
                index += 1
                try expect(.blockEnd, "'%}'")
                let elseBody = try parseBlockBody(ending: "endif", opened: opened)
                return .conditional(branches, elseBody)
            case "endif":
                index += 1
                try expect(.blockEnd, "'%}'")
                return .conditional(branches, [])
            default:
                throw .syntax("missing '{% endif %}' for the 'if' opened here", at: opened)
            }
        }
    }

    private mutating func parseFor(at location: SourceLocation) throws(TemplateError) -> JinjaNode {
        let target = try parseAssignTarget(allowAttribute: false)
        try expectName("in")
        let iterable = try parseTuple(allowConditional: false)
        var condition: JinjaExpression? = nil
        if isName("if") {
            index += 1
            condition = try parseExpression()
        }
        if isName("recursive") { throw .syntax("recursive loops are not supported", at: current.location) }
        try expect(.blockEnd, "'%}'")
        let (body, stop) = try parseBody(until: ["else", "endfor"])
        var elseBody: [JinjaNode] = []
        switch stop {
        case "else":
            index += 1
            try expect(.blockEnd, "'%}'")
            elseBody = try parseBlockBody(ending: "endfor", opened: location)
        case "endfor":
            index += 1
            try expect(.blockEnd, "'%}'")
        default:
            throw .syntax("missing '{% endfor %}' for the 'for' opened here", at: location)
        }
        return .loop(JinjaLoop(target: target, iterable: iterable, condition: condition, body: body, elseBody: elseBody, location: location))
    }

    private mutating func parseSet(at location: SourceLocation) throws(TemplateError) -> JinjaNode {
        let target = try parseAssignTarget(allowAttribute: true)
        if case .op("=") = current.kind {
            index += 1
            let value = try parseTuple()
            try expect(.blockEnd, "'%}'")
            return .set(target, value, location)
        }
        try expect(.blockEnd, "'%}' or '='")
        let body = try parseBlockBody(ending: "endset", opened: location)
        return .setBlock(target, body, location)
    }

    private mutating func parseAssignTarget(allowAttribute: Bool) throws(TemplateError) -> JinjaTarget {
        var parenthesized = false
        if case .op("(") = current.kind { parenthesized = true; index += 1 }
        let first = try expectIdentifier()
        if allowAttribute, case .op(".") = current.kind {
            index += 1
            let attribute = try expectIdentifier()
            return .attribute(first, attribute)
        }
        var names = [first]
        while case .op(",") = current.kind {
            index += 1
            if case .name = current.kind { names.append(try expectIdentifier()) } else { break }
        }
        if parenthesized { try expectOp(")") }
        return names.count == 1 && !parenthesized ? .name(first) : .tuple(names)
    }

    private mutating func parseMacro(at location: SourceLocation) throws(TemplateError) -> JinjaNode {
        let name = try expectIdentifier()
        try expectOp("(")
        var parameters: [JinjaParameter] = []
        while !isOp(")") {
            if !parameters.isEmpty { try expectOp(",") }
            if isOp(")") { break }
            let parameter = try expectIdentifier()
            var defaultValue: JinjaExpression? = nil
            if isOp("=") {
                index += 1
                defaultValue = try parseExpression()
            }
            parameters.append(JinjaParameter(name: parameter, defaultValue: defaultValue))
        }
        index += 1
        try expect(.blockEnd, "'%}'")
        let body = try parseBlockBody(ending: "endmacro", opened: location)
        return .macro(JinjaMacro(name: name, parameters: parameters, body: body, location: location))
    }

    private mutating func parseCallBlock(at location: SourceLocation) throws(TemplateError) -> JinjaNode {
        let call = try parseExpression()
        guard case .call = call else { throw .syntax("'call' expects a macro call", at: call.location) }
        try expect(.blockEnd, "'%}'")
        let body = try parseBlockBody(ending: "endcall", opened: location)
        return .callBlock(call, body, location)
    }

    private mutating func parseFilterBlock(at location: SourceLocation) throws(TemplateError) -> JinjaNode {
        let name = try expectIdentifier()
        var arguments = JinjaArguments()
        if isOp("(") { arguments = try parseArguments() }
        try expect(.blockEnd, "'%}'")
        let body = try parseBlockBody(ending: "endfilter", opened: location)
        return .filterBlock(name, arguments, body, location)
    }

    // MARK: - Expressions

    /// An expression or a bare tuple `a, b` (as in `{{ a, b }}` or `set x = 1, 2`).
    private mutating func parseTuple(allowConditional: Bool = true) throws(TemplateError) -> JinjaExpression {
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

    private var atExpressionEnd: Bool {
        switch current.kind {
        case .variableEnd, .blockEnd, .end: return true
        case .op(let op): return op == ")" || op == "]" || op == "}" || op == "="
        case .name(let n): return n == "in" || n == "if"
        default: return false
        }
    }

    mutating func parseExpression() throws(TemplateError) -> JinjaExpression {
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

    private mutating func parseOr() throws(TemplateError) -> JinjaExpression {
        var left = try parseAnd()
        while isName("or") {
            let location = current.location
            index += 1
            left = .logical("or", left, try parseAnd(), location)
        }
        return left
    }

    private mutating func parseAnd() throws(TemplateError) -> JinjaExpression {
        var left = try parseNot()
        while isName("and") {
            let location = current.location
            index += 1
            left = .logical("and", left, try parseNot(), location)
        }
        return left
    }

    private mutating func parseNot() throws(TemplateError) -> JinjaExpression {
        if isName("not") {
            let location = current.location
            index += 1
            return .unary("not", try parseNot(), location)
        }
        return try parseCompare()
    }

    /// Comparisons chain as in Python: `a < b < c` means `a < b and b < c`.
    private mutating func parseCompare() throws(TemplateError) -> JinjaExpression {
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

    private mutating func parseMath1() throws(TemplateError) -> JinjaExpression {
        var left = try parseConcat()
        while case .op(let op) = current.kind, op == "+" || op == "-" {
            let location = current.location
            index += 1
            left = .binary(op, left, try parseConcat(), location)
        }
        return left
    }

    private mutating func parseConcat() throws(TemplateError) -> JinjaExpression {
        var left = try parseMath2()
        while isOp("~") {
            let location = current.location
            index += 1
            left = .binary("~", left, try parseMath2(), location)
        }
        return left
    }

    private mutating func parseMath2() throws(TemplateError) -> JinjaExpression {
        var left = try parsePow()
        while case .op(let op) = current.kind, ["*", "/", "//", "%"].contains(op) {
            let location = current.location
            index += 1
            left = .binary(op, left, try parsePow(), location)
        }
        return left
    }

    private mutating func parsePow() throws(TemplateError) -> JinjaExpression {
        var left = try parseUnary(withFilter: true)
        while isOp("**") {
            let location = current.location
            index += 1
            left = .binary("**", left, try parseUnary(withFilter: true), location)
        }
        return left
    }

    private mutating func parseUnary(withFilter: Bool) throws(TemplateError) -> JinjaExpression {
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

    private mutating func parsePrimary() throws(TemplateError) -> JinjaExpression {
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

    private mutating func parsePostfix(_ start: JinjaExpression) throws(TemplateError) -> JinjaExpression {
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

    private mutating func parseSubscript(_ object: JinjaExpression, at location: SourceLocation) throws(TemplateError) -> JinjaExpression {
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
    private mutating func parseArguments() throws(TemplateError) -> JinjaArguments {
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

    private mutating func parseFiltersAndTests(_ start: JinjaExpression) throws(TemplateError) -> JinjaExpression {
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
    private var startsTestArgument: Bool {
        switch current.kind {
        case .string, .integer, .float: return true
        case .name(let n): return !["else", "or", "and", "if", "in", "not", "is"].contains(n)
        case .op(let op): return op == "[" || op == "{"
        default: return false
        }
    }

    // MARK: - Token helpers

    private var current: JinjaToken { tokens[min(index, tokens.count - 1)] }

    private func peek(_ offset: Int) -> JinjaToken { tokens[min(index + offset, tokens.count - 1)] }

    private func isOp(_ op: String) -> Bool {
        if case .op(let o) = current.kind { return o == op }
        return false
    }

    private func isName(_ name: String) -> Bool {
        if case .name(let n) = current.kind { return n == name }
        return false
    }

    private mutating func expect(_ kind: JinjaToken.Kind, _ what: String) throws(TemplateError) {
        guard current.kind == kind else { throw .syntax("expected \(what)", at: current.location) }
        index += 1
    }

    private mutating func expectOp(_ op: String) throws(TemplateError) {
        guard isOp(op) else { throw .syntax("expected '\(op)'", at: current.location) }
        index += 1
    }

    private mutating func expectName(_ name: String) throws(TemplateError) {
        guard isName(name) else { throw .syntax("expected '\(name)'", at: current.location) }
        index += 1
    }

    private mutating func expectIdentifier() throws(TemplateError) -> String {
        guard case .name(let name) = current.kind else { throw .syntax("expected a name", at: current.location) }
        index += 1
        return name
    }
}
