/// Parses lexer tokens into a template's statements (`if`, `for`, `set`,
/// `macro`, `call`, `filter`, `break`/`continue`, HF's `generation`); the
/// expressions inside them are parsed in JinjaExpressionParser.swift.
struct JinjaParser {
    let tokens: [JinjaToken]
    var index = 0
    /// Nesting of expressions being parsed; bounded so a hostile template cannot
    /// exhaust the stack.
    var depth = 0
    static let maximumDepth = 200

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
        depth += 1
        defer { depth -= 1 }
        guard depth <= JinjaParser.maximumDepth else { throw .syntax("blocks nested too deeply", at: location) }
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

    // MARK: - Token helpers

    var current: JinjaToken { tokens[min(index, tokens.count - 1)] }

    func peek(_ offset: Int) -> JinjaToken { tokens[min(index + offset, tokens.count - 1)] }

    func isOp(_ op: String) -> Bool {
        if case .op(let o) = current.kind { return o == op }
        return false
    }

    func isName(_ name: String) -> Bool {
        if case .name(let n) = current.kind { return n == name }
        return false
    }

    mutating func expect(_ kind: JinjaToken.Kind, _ what: String) throws(TemplateError) {
        guard current.kind == kind else { throw .syntax("expected \(what)", at: current.location) }
        index += 1
    }

    mutating func expectOp(_ op: String) throws(TemplateError) {
        guard isOp(op) else { throw .syntax("expected '\(op)'", at: current.location) }
        index += 1
    }

    mutating func expectName(_ name: String) throws(TemplateError) {
        guard isName(name) else { throw .syntax("expected '\(name)'", at: current.location) }
        index += 1
    }

    mutating func expectIdentifier() throws(TemplateError) -> String {
        guard case .name(let name) = current.kind else { throw .syntax("expected a name", at: current.location) }
        index += 1
        return name
    }
}
