import Foundation

/// Renders a parsed template: statements, scopes and expressions.
///
/// Scoping follows jinja2: `for` bodies and macros get their own scope (so a
/// `set` inside a loop does not leak — templates use `namespace()` for that);
/// `if` does not.
final class JinjaRenderer {
    private var scopes: [[String: JinjaValue]]
    private var loopDepth = 0
    /// Macro calls in progress; bounded so a recursive macro is an error, not a crash.
    private var callDepth = 0
    static let maximumCallDepth = 100

    /// A loop body's way of ending early.
    private enum Flow { case normal, breakLoop, continueLoop }

    init(variables: [String: JinjaValue]) {
        scopes = [variables]
    }

    func render(_ nodes: [JinjaNode]) throws(TemplateError) -> String {
        var output = ""
        _ = try render(nodes, into: &output)
        return output
    }

    // MARK: - Statements

    private func render(_ nodes: [JinjaNode], into output: inout String) throws(TemplateError) -> Flow {
        for node in nodes {
            let flow = try render(node, into: &output)
            if flow != .normal { return flow }
        }
        return .normal
    }

    private func render(_ node: JinjaNode, into output: inout String) throws(TemplateError) -> Flow {
        switch node {
        case .text(let text):
            output += text
        case .output(let expression):
            output += try evaluate(expression).text
        case .conditional(let branches, let elseBody):
            for (condition, body) in branches where try evaluate(condition).isTruthy {
                return try render(body, into: &output)
            }
            return try render(elseBody, into: &output)
        case .loop(let loop):
            try renderLoop(loop, into: &output)
        case .set(let target, let expression, let location):
            try assign(try evaluate(expression), to: target, at: location)
        case .setBlock(let target, let body, let location):
            var captured = ""
            _ = try render(body, into: &captured)
            try assign(.string(captured), to: target, at: location)
        case .macro(let macro):
            scopes[scopes.count - 1][macro.name] = .callable(makeMacro(macro))
        case .callBlock(let call, let body, let location):
            guard case .call(let callee, let arguments, _) = call else { break }
            let calleeValue = try evaluate(callee)
            var values = try evaluateArguments(arguments)
            let callerScopes = scopes
            values.keyword.append(("caller", .callable(JinjaCallable(name: "caller") { [unowned self] _, _ throws(TemplateError) in
                let saved = self.scopes
                self.scopes = callerScopes
                defer { self.scopes = saved }
                var captured = ""
                _ = try self.render(body, into: &captured)
                return .string(captured)
            })))
            output += try invoke(calleeValue, values, name: "macro", at: location).text
        case .filterBlock(let name, let arguments, let body, let location):
            var captured = ""
            _ = try render(body, into: &captured)
            output += try applyFilter(name, to: .string(captured), try evaluateArguments(arguments), at: location).text
        case .breakLoop(let location):
            guard loopDepth > 0 else { throw .syntax("'break' outside a loop", at: location) }
            return .breakLoop
        case .continueLoop(let location):
            guard loopDepth > 0 else { throw .syntax("'continue' outside a loop", at: location) }
            return .continueLoop
        }
        return .normal
    }

    private func renderLoop(_ loop: JinjaLoop, into output: inout String) throws(TemplateError) {
        let iterable = try evaluate(loop.iterable)
        guard var items = iterable.iterationItems else {
            throw .runtime("'\(iterable.typeName)' object is not iterable", at: loop.iterable.location)
        }
        scopes.append([:])
        loopDepth += 1
        defer {
            scopes.removeLast()
            loopDepth -= 1
        }
        if let condition = loop.condition {
            var kept: [JinjaValue] = []
            for item in items {
                try bind(item, to: loop.target, at: loop.location)
                if try evaluate(condition).isTruthy { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty {
            _ = try render(loop.elseBody, into: &output)
            return
        }
        for (i, item) in items.enumerated() {
            try bind(item, to: loop.target, at: loop.location)
            scopes[scopes.count - 1]["loop"] = loopObject(index: i, items: items)
            if try render(loop.body, into: &output) == .breakLoop { break }
        }
    }

    /// The `loop` variable: index, index0, revindex, first, last, length, previtem, nextitem, cycle().
    private func loopObject(index i: Int, items: [JinjaValue]) -> JinjaValue {
        var loop = JinjaDict()
        loop["index"] = .int(i + 1)
        loop["index0"] = .int(i)
        loop["revindex"] = .int(items.count - i)
        loop["revindex0"] = .int(items.count - i - 1)
        loop["first"] = .bool(i == 0)
        loop["last"] = .bool(i == items.count - 1)
        loop["length"] = .int(items.count)
        loop["depth"] = .int(1)
        loop["depth0"] = .int(0)
        loop["previtem"] = i > 0 ? items[i - 1] : .undefined("loop.previtem")
        loop["nextitem"] = i + 1 < items.count ? items[i + 1] : .undefined("loop.nextitem")
        loop["cycle"] = .callable(JinjaCallable(name: "cycle") { arguments, location throws(TemplateError) in
            guard !arguments.positional.isEmpty else { throw .runtime("loop.cycle() needs at least one value", at: location) }
            return arguments.positional[i % arguments.positional.count]
        })
        return .dict(loop)
    }

    private func bind(_ value: JinjaValue, to target: JinjaTarget, at location: SourceLocation) throws(TemplateError) {
        switch target {
        case .name(let name):
            scopes[scopes.count - 1][name] = value
        case .tuple(let names):
            guard let parts = value.iterationItems, parts.count == names.count else {
                throw .runtime("cannot unpack \(value.typeName) into \(names.count) names", at: location)
            }
            for (name, part) in zip(names, parts) { scopes[scopes.count - 1][name] = part }
        case .attribute:
            throw .syntax("a loop cannot assign to an attribute", at: location)
        }
    }

    private func assign(_ value: JinjaValue, to target: JinjaTarget, at location: SourceLocation) throws(TemplateError) {
        if case .attribute(let object, let attribute) = target {
            guard case .namespace(let namespace) = lookup(object) else {
                throw .runtime("cannot assign attribute '\(attribute)' on '\(object)': only namespace() objects accept assignment", at: location)
            }
            namespace.attributes[attribute] = value
            return
        }
        try bind(value, to: target, at: location)
    }

    private func makeMacro(_ macro: JinjaMacro) -> JinjaCallable {
        JinjaCallable(name: macro.name) { [unowned self] arguments, location throws(TemplateError) in
            guard self.callDepth < JinjaRenderer.maximumCallDepth else {
                throw .runtime("macro '\(macro.name)' calls nest deeper than \(JinjaRenderer.maximumCallDepth)", at: location)
            }
            self.callDepth += 1
            defer { self.callDepth -= 1 }
            var local: [String: JinjaValue] = [:]
            let saved = self.scopes
            // A macro sees the template's top-level variables and its own arguments.
            self.scopes = [saved[0], [:]]
            defer { self.scopes = saved }
            for (i, parameter) in macro.parameters.enumerated() {
                if i < arguments.positional.count {
                    local[parameter.name] = arguments.positional[i]
                } else if let value = arguments.keywordValue(parameter.name) {
                    local[parameter.name] = value
                } else if let defaultValue = parameter.defaultValue {
                    self.scopes[1] = local
                    local[parameter.name] = try self.evaluate(defaultValue)
                } else {
                    local[parameter.name] = .undefined(parameter.name)
                }
            }
            if arguments.positional.count > macro.parameters.count {
                local["varargs"] = .list(Array(arguments.positional[macro.parameters.count...]))
            }
            let declared = Set(macro.parameters.map(\.name))
            var extra = JinjaDict()
            for (name, value) in arguments.keyword where !declared.contains(name) {
                if name == "caller" { local["caller"] = value } else { extra[name] = value }
            }
            local["kwargs"] = .dict(extra)
            self.scopes[1] = local
            var captured = ""
            _ = try self.render(macro.body, into: &captured)
            return .string(captured)
        }
    }

    // MARK: - Expressions

    func lookup(_ name: String) -> JinjaValue {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        return JinjaGlobals.function(named: name) ?? .undefined(name)
    }

    func evaluate(_ expression: JinjaExpression) throws(TemplateError) -> JinjaValue {
        switch expression {
        case .literal(let value, _):
            return JinjaValue(value)
        case .name(let name, _):
            return lookup(name)
        case .list(let items, _), .tuple(let items, _):
            var values: [JinjaValue] = []
            for item in items { values.append(try evaluate(item)) }
            return .list(values)
        case .dict(let pairs, let location):
            var dict = JinjaDict()
            for (keyExpression, valueExpression) in pairs {
                let key = try evaluate(keyExpression)
                guard case .string(let k) = key else { throw .runtime("dict keys must be strings, got \(key.typeName)", at: location) }
                dict[k] = try evaluate(valueExpression)
            }
            return .dict(dict)
        case .attribute(let objectExpression, let name, let location):
            return try JinjaMembers.attribute(name, of: try evaluate(objectExpression), at: location)
        case .index(let objectExpression, let indexExpression, let location):
            return try JinjaMembers.item(try evaluate(indexExpression), of: try evaluate(objectExpression), at: location)
        case .slice(let objectExpression, let start, let stop, let step, let location):
            let object = try evaluate(objectExpression)
            return try JinjaMembers.slice(object,
                                          start: try start.map { e throws(TemplateError) in try evaluate(e) },
                                          stop: try stop.map { e throws(TemplateError) in try evaluate(e) },
                                          step: try step.map { e throws(TemplateError) in try evaluate(e) },
                                          at: location)
        case .call(let callee, let arguments, let location):
            let function = try evaluate(callee)
            let name: String
            if case .name(let n, _) = callee { name = n } else if case .attribute(_, let n, _) = callee { name = n } else { name = "expression" }
            return try invoke(function, try evaluateArguments(arguments), name: name, at: location)
        case .filter(let valueExpression, let name, let arguments, let location):
            return try applyFilter(name, to: try evaluate(valueExpression), try evaluateArguments(arguments), at: location)
        case .test(let valueExpression, let name, let arguments, let negated, let location):
            let result = try JinjaTests.apply(name, to: try evaluate(valueExpression), try evaluateArguments(arguments), at: location)
            return .bool(result != negated)
        case .unary(let op, let operandExpression, let location):
            let operand = try evaluate(operandExpression)
            switch op {
            case "not": return .bool(!operand.isTruthy)
            case "-":
                switch operand {
                case .int(let i): return .int(-i)
                case .double(let d): return .double(-d)
                case .bool(let b): return .int(b ? -1 : 0)
                case .undefined(let n): throw .undefined(n, at: location)
                default: throw .runtime("bad operand type for unary -: '\(operand.typeName)'", at: location)
                }
            default:
                guard operand.number != nil else { throw .runtime("bad operand type for unary +: '\(operand.typeName)'", at: location) }
                return operand
            }
        case .binary(let op, let leftExpression, let rightExpression, let location):
            return try JinjaOperators.apply(op, try evaluate(leftExpression), try evaluate(rightExpression), at: location)
        case .logical(let op, let leftExpression, let rightExpression, _):
            let left = try evaluate(leftExpression)
            // Python returns the deciding operand, not a bool.
            if op == "and" { return left.isTruthy ? try evaluate(rightExpression) : left }
            return left.isTruthy ? left : try evaluate(rightExpression)
        case .conditional(let value, let condition, let otherwise, _):
            if try evaluate(condition).isTruthy { return try evaluate(value) }
            guard let otherwise else { return .undefined("conditional expression") }
            return try evaluate(otherwise)
        }
    }

    func evaluateArguments(_ arguments: JinjaArguments) throws(TemplateError) -> JinjaCallArguments {
        var values = JinjaCallArguments()
        for expression in arguments.positional { values.positional.append(try evaluate(expression)) }
        for (name, expression) in arguments.keyword { values.keyword.append((name, try evaluate(expression))) }
        return values
    }

    func invoke(_ function: JinjaValue, _ arguments: JinjaCallArguments, name: String, at location: SourceLocation) throws(TemplateError) -> JinjaValue {
        switch function {
        case .callable(let callable): return try callable.body(arguments, location)
        case .undefined(let n): throw .undefined(n, at: location)
        default: throw .runtime("'\(name)' is not callable (\(function.typeName))", at: location)
        }
    }

    func applyFilter(_ name: String, to value: JinjaValue, _ arguments: JinjaCallArguments, at location: SourceLocation) throws(TemplateError) -> JinjaValue {
        try JinjaFilters.apply(name, to: value, arguments, at: location, renderer: self)
    }
}
