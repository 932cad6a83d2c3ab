/// The syntax tree of a parsed Jinja template.

/// An expression with the place it starts in the template.
indirect enum JinjaExpression: Sendable {
    case literal(TemplateValue, SourceLocation)
    case name(String, SourceLocation)
    case list([JinjaExpression], SourceLocation)
    case tuple([JinjaExpression], SourceLocation)
    case dict([(JinjaExpression, JinjaExpression)], SourceLocation)
    /// `object.name`
    case attribute(JinjaExpression, String, SourceLocation)
    /// `object[index]`
    case index(JinjaExpression, JinjaExpression, SourceLocation)
    /// `object[start:stop:step]`; nil parts are omitted.
    case slice(JinjaExpression, JinjaExpression?, JinjaExpression?, JinjaExpression?, SourceLocation)
    case call(JinjaExpression, JinjaArguments, SourceLocation)
    /// `value | name(arguments)`
    case filter(JinjaExpression, String, JinjaArguments, SourceLocation)
    /// `value is [not] name(arguments)`
    case test(JinjaExpression, String, JinjaArguments, negated: Bool, SourceLocation)
    case unary(String, JinjaExpression, SourceLocation)
    case binary(String, JinjaExpression, JinjaExpression, SourceLocation)
    /// `and` / `or`, which short-circuit.
    case logical(String, JinjaExpression, JinjaExpression, SourceLocation)
    /// `a if condition else b`; a missing else yields undefined.
    case conditional(JinjaExpression, JinjaExpression, JinjaExpression?, SourceLocation)

    var location: SourceLocation {
        switch self {
        case .literal(_, let l), .name(_, let l), .list(_, let l), .tuple(_, let l), .dict(_, let l),
             .attribute(_, _, let l), .index(_, _, let l), .slice(_, _, _, _, let l), .call(_, _, let l),
             .filter(_, _, _, let l), .test(_, _, _, _, let l), .unary(_, _, let l), .binary(_, _, _, let l),
             .logical(_, _, _, let l), .conditional(_, _, _, let l):
            return l
        }
    }
}

/// Positional and keyword arguments of a call, filter or test.
struct JinjaArguments: Sendable {
    var positional: [JinjaExpression] = []
    var keyword: [(String, JinjaExpression)] = []
}

/// Where an assignment (`set`, `for`) stores its value.
enum JinjaTarget: Sendable {
    case name(String)
    /// `ns.attribute` (only namespaces accept attribute assignment).
    case attribute(String, String)
    case tuple([String])
}

/// A macro parameter with its optional default.
struct JinjaParameter: Sendable {
    var name: String
    var defaultValue: JinjaExpression?
}

/// A template statement.
indirect enum JinjaNode: Sendable {
    case text(String)
    case output(JinjaExpression)
    /// `if`/`elif` branches in order, then the `else` body.
    case conditional([(JinjaExpression, [JinjaNode])], [JinjaNode])
    case loop(JinjaLoop)
    case set(JinjaTarget, JinjaExpression, SourceLocation)
    /// `{% set name %}body{% endset %}`
    case setBlock(JinjaTarget, [JinjaNode], SourceLocation)
    case macro(JinjaMacro)
    /// `{% call macro(args) %}body{% endcall %}`: the body is the macro's `caller()`.
    case callBlock(JinjaExpression, [JinjaNode], SourceLocation)
    /// `{% filter name %}body{% endfilter %}`
    case filterBlock(String, JinjaArguments, [JinjaNode], SourceLocation)
    case breakLoop(SourceLocation)
    case continueLoop(SourceLocation)
}

struct JinjaLoop: Sendable {
    var target: JinjaTarget
    var iterable: JinjaExpression
    var condition: JinjaExpression?
    var body: [JinjaNode]
    var elseBody: [JinjaNode]
    var location: SourceLocation
}

struct JinjaMacro: Sendable {
    var name: String
    var parameters: [JinjaParameter]
    var body: [JinjaNode]
    var location: SourceLocation
}
