/// Output must be exactly one of a list of strings ("1"…"5", "yes"/"no",
/// domain labels): a byte trie of the choices walked against the vocabulary.
public struct ChoiceConstraint: GenerationConstraint, Sendable {
    public let choices: [String]
    private var cursor: AutomatonCursor<ChoiceAutomaton>

    /// - Throws: `ConstraintError.invalidChoices` when the list is empty.
    public init(choices: [String], tokenizer: Tokenizer) throws {
        try self.init(choices: choices, vocabulary: VocabularyIndex.shared(for: tokenizer))
    }

    init(choices: [String], vocabulary: VocabularyIndex) throws {
        guard !choices.isEmpty else { throw ConstraintError.invalidChoices("the list of choices is empty") }
        self.choices = choices
        cursor = AutomatonCursor(automaton: ChoiceAutomaton(trie: ByteTrie(choices.map { Array($0.utf8) })), vocabulary: vocabulary)
    }

    public mutating func mask(_ logits: inout [Float]) { cursor.mask(&logits) }

    public mutating func accept(_ token: Int32) throws { try cursor.accept(token) }

    public var isComplete: Bool { cursor.isComplete }
    public var canContinue: Bool { cursor.canContinue }
}

/// The state is one frame: the trie node reached so far.
struct ChoiceAutomaton: ByteAutomaton {
    let trie: ByteTrie
    var stackCapacity: Int { 1 }
    var blankFrame: Int32 { 0 }

    func start(_ frames: UnsafeMutablePointer<Int32>) -> Int {
        frames[0] = ByteTrie.root
        return 1
    }

    func step(_ frames: UnsafeMutablePointer<Int32>, _ count: inout Int, _ byte: UInt8) -> Bool {
        guard let next = trie.child(frames[0], byte) else { return false }
        frames[0] = next
        return true
    }

    func isComplete(_ frames: UnsafeMutablePointer<Int32>, _ count: Int) -> Bool {
        trie.terminals[Int(frames[0])] >= 0
    }
}
