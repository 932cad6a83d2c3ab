/// A `JSONSchema` compiled to a pushdown automaton over bytes: JSON syntax
/// plus the schema's state (properties written, items and characters counted,
/// number bounds still reachable). It only accepts prefixes that can still be
/// completed, so generation never paints itself into a corner.
///
/// The stack holds one `Frame` per open value (plus the document); schemas
/// have no recursion, so its depth is bounded by the schema's.
struct JSONAutomaton: ByteAutomaton {
    enum Kind: UInt8 { case object, array, string, number, literal, choice }

    /// One compiled schema. Fields are used per kind, as commented.
    struct Node: Sendable {
        var kind: Kind
        /// object: key trie root; literal: value trie root.
        var trieRoot: Int32 = 0
        /// object: first entry in `propertyNodes`; array: item node; choice: first entry in `dispatch`.
        var child: Int32 = 0
        /// string: length range; array: item count range.
        var low: Int32 = 0
        var high: Int32 = .max
        /// object: bits of required properties and of all properties.
        var required: UInt64 = 0
        var allProperties: UInt64 = 0
        /// number
        var integer = false
        var bounds = JSONSchema.NumberBounds()
        var integers = IntegerRange(JSONSchema.NumberBounds())
    }

    /// Per open value: its node and its progress. Fields are used per kind, as commented.
    struct Frame: BitwiseCopyable, Sendable {
        /// The schema node, or -1 for the document around the top-level value.
        var node: Int32 = -1
        /// Where in the value's syntax we are (per kind; see the step functions).
        var state: UInt8 = 0
        /// Whitespace in the current gap: bytes (low 7 bits, up to `maxWhitespace`) and a line-break flag.
        var spaces: UInt8 = 0
        /// string: escape progress; number: whether a '-' was read.
        var escape: UInt8 = 0
        var negative = false
        /// string: UTF-8 continuation bytes still expected and the range of the next one.
        var utf8Left: UInt8 = 0
        var utf8Low: UInt8 = 0x80
        var utf8High: UInt8 = 0xBF
        /// number: digits before and after the point, and of the exponent.
        var digits: UInt8 = 0
        var fractionDigits: UInt8 = 0
        var exponentDigits: UInt8 = 0
        /// string: characters; array: items; object: the property whose value is being read.
        var count: Int32 = 0
        /// object key or literal: trie node; string: value of a \u escape.
        var cursor: Int32 = 0
        /// object: properties written.
        var seen: UInt64 = 0
        /// number: all digits read, as one integer.
        var magnitude: Int64 = 0
    }

    let nodes: [Node]
    /// Object properties' nodes, in key-trie order (index = key's index in its list).
    let propertyNodes: [Int32]
    /// Per choice node, 256 entries: the alternative a first byte selects, or -1.
    let dispatch: [Int32]
    let trie: ByteTrie
    let root: Int32
    let maxWhitespace: UInt8
    let stackCapacity: Int
    var blankFrame: Frame { Frame() }

    init(schema: JSONSchema, maxWhitespace: Int) {
        var compiler = Compiler()
        root = compiler.compile(schema)
        let trie = ByteTrie(lists: compiler.lists)
        // Nodes name their string list by index; point them at the list's trie root.
        nodes = compiler.nodes.map { node in
            var node = node
            if node.kind == .object || node.kind == .literal { node.trieRoot = trie.roots[Int(node.trieRoot)] }
            return node
        }
        self.trie = trie
        propertyNodes = compiler.propertyNodes
        dispatch = compiler.dispatch
        self.maxWhitespace = UInt8(clamping: min(max(maxWhitespace, 0), 127))
        stackCapacity = 1 + Self.depth(of: schema)
    }

    /// Frames a value of `schema` can stack up.
    static func depth(of schema: JSONSchema) -> Int {
        switch schema.kind {
        case .object(let properties, _): return 1 + (properties.map { depth(of: $0.schema) }.max() ?? 0)
        case .array(let items, _, _): return 1 + depth(of: items)
        case .anyOf(let alternatives): return alternatives.map(depth(of:)).max() ?? 1
        default: return 1
        }
    }

    /// Builds the node table; tries are collected as lists and built at the end.
    private struct Compiler {
        var nodes: [Node] = []
        var propertyNodes: [Int32] = []
        var dispatch: [Int32] = []
        var lists: [[[UInt8]]] = []

        /// Adds a string list; returns its index (nodes are pointed at its trie root later).
        mutating func addList(_ strings: [[UInt8]]) -> Int32 {
            lists.append(strings)
            return Int32(lists.count - 1)
        }

        mutating func compile(_ schema: JSONSchema) -> Int32 {
            var node: Node
            switch schema.kind {
            case .object(let properties, let required):
                let children = properties.map { compile($0.schema) }
                node = Node(kind: .object)
                node.child = Int32(propertyNodes.count)
                propertyNodes += children
                node.trieRoot = addList(properties.map { Array(SchemaValue.quoted($0.name).utf8.dropFirst().dropLast()) })
                for (i, property) in properties.enumerated() {
                    node.allProperties |= 1 << UInt64(i)
                    if required.contains(property.name) { node.required |= 1 << UInt64(i) }
                }
            case .array(let items, let minItems, let maxItems):
                let child = compile(items)
                node = Node(kind: .array, child: child, low: Int32(clamping: minItems), high: Int32(clamping: maxItems ?? Int(Int32.max)))
            case .string(let minLength, let maxLength):
                node = Node(kind: .string, low: Int32(clamping: minLength), high: Int32(clamping: maxLength ?? Int(Int32.max)))
            case .number(let bounds, let integer):
                node = Node(kind: .number, integer: integer, bounds: bounds, integers: IntegerRange(bounds))
            case .boolean, .null, .literals:
                node = Node(kind: .literal)
                node.trieRoot = addList((schema.literalTexts ?? []).map { Array($0.utf8) })
            case .anyOf(let alternatives):
                let compiled = alternatives.map { (compile($0), $0.firstBytes) }
                node = Node(kind: .choice, child: Int32(dispatch.count))
                var table = [Int32](repeating: -1, count: 256)
                for (alternative, bytes) in compiled { for byte in bytes { table[Int(byte)] = alternative } }
                dispatch += table
            }
            nodes.append(node)
            return Int32(nodes.count - 1)
        }
    }
}
