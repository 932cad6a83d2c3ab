/// Output must be one JSON value valid against a schema (see `JSONSchema` for
/// the subset): a schema outside the subset is an error when the constraint is
/// made, never a silent fallback.
///
/// Keys may come in any order, each declared key at most once, undeclared keys
/// never; whitespace between tokens is allowed up to `maxWhitespace` bytes
/// (at most 127) and one line break per gap, so a model can pretty-print but
/// cannot loop on blanks; none after the top-level value.
public struct JSONSchemaConstraint: GenerationConstraint, Sendable {
    public let schema: JSONSchema
    private var cursor: AutomatonCursor<JSONAutomaton>

    /// - Parameter maxWhitespace: whitespace bytes allowed in each gap between JSON tokens (at most 127).
    public init(schema: JSONSchema, tokenizer: Tokenizer, maxWhitespace: Int = 16) {
        self.init(schema: schema, vocabulary: VocabularyIndex.shared(for: tokenizer), maxWhitespace: maxWhitespace)
    }

    /// - Throws: `ConstraintError` naming the JSON pointer of an unsupported keyword or a malformed schema.
    public init(schema: [String: Any], tokenizer: Tokenizer, maxWhitespace: Int = 16) throws {
        self.init(schema: try JSONSchema(schema), tokenizer: tokenizer, maxWhitespace: maxWhitespace)
    }

    init(schema: JSONSchema, vocabulary: VocabularyIndex, maxWhitespace: Int = 16) {
        self.schema = schema
        cursor = AutomatonCursor(automaton: JSONAutomaton(schema: schema, maxWhitespace: maxWhitespace), vocabulary: vocabulary)
    }

    public mutating func mask(_ logits: inout [Float]) { cursor.mask(&logits) }
    public mutating func accept(_ token: Int32) throws { try cursor.accept(token) }
    public var isComplete: Bool { cursor.isComplete }
    public var canContinue: Bool { cursor.canContinue }
}

/// Feeds text to a schema's automaton without a tokenizer: for tests and for
/// checking a finished answer.
public struct JSONSchemaMatcher: Sendable {
    private let automaton: JSONAutomaton
    private var frames: [JSONAutomaton.Frame]
    private var count: Int
    /// Bytes accepted so far.
    public private(set) var offset = 0

    public init(schema: JSONSchema, maxWhitespace: Int = 16) {
        automaton = JSONAutomaton(schema: schema, maxWhitespace: maxWhitespace)
        frames = Array(repeating: automaton.blankFrame, count: automaton.stackCapacity)
        count = frames.withUnsafeMutableBufferPointer { [automaton] in automaton.start($0.baseAddress!) }
    }

    /// Feeds bytes; false at the first one the schema rejects (the state stays before it).
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        for byte in bytes {
            var copy = frames
            var n = count
            let fits = copy.withUnsafeMutableBufferPointer { [automaton] in automaton.step($0.baseAddress!, &n, byte) }
            guard fits else { return false }
            frames = copy
            count = n
            offset += 1
        }
        return true
    }

    /// Whether the bytes fed form a complete valid value.
    public var isComplete: Bool {
        var copy = frames
        return copy.withUnsafeMutableBufferPointer { [automaton, count] in automaton.isComplete($0.baseAddress!, count) }
    }

    /// Whether `text` as a whole is a value the schema's automaton accepts.
    public static func accepts(_ text: String, schema: JSONSchema, maxWhitespace: Int = 16) -> Bool {
        var matcher = JSONSchemaMatcher(schema: schema, maxWhitespace: maxWhitespace)
        return matcher.feed(text.utf8) && matcher.isComplete
    }
}
