/// A byte-level recogniser whose state is a small stack of plain frames, so the
/// token masker can copy states around without allocating.
protocol ByteAutomaton: Sendable {
    associatedtype Frame: BitwiseCopyable, Sendable
    /// The most frames a state ever holds.
    var stackCapacity: Int { get }
    /// Any frame value, to fill fresh storage before `start` writes it.
    var blankFrame: Frame { get }
    /// Writes the start state; returns its frame count.
    func start(_ frames: UnsafeMutablePointer<Frame>) -> Int
    /// Advances by one byte; false (with the frames in an unspecified state) when the byte is rejected.
    func step(_ frames: UnsafeMutablePointer<Frame>, _ count: inout Int, _ byte: UInt8) -> Bool
    /// Whether the bytes so far form a complete output.
    func isComplete(_ frames: UnsafeMutablePointer<Frame>, _ count: Int) -> Bool
    /// When any plain text (whole UTF-8, no '"', '\\' or control characters) of up to
    /// this many characters would be accepted here — inside a JSON string — the
    /// masker marks such tokens wholesale instead of walking them; nil otherwise.
    func plainTextRoom(_ frames: UnsafeMutablePointer<Frame>, _ count: Int) -> Int?
}

extension ByteAutomaton {
    func plainTextRoom(_ frames: UnsafeMutablePointer<Frame>, _ count: Int) -> Int? { nil }
}

/// The current state of a `ByteAutomaton` plus the scratch space to mask a
/// vocabulary against it.
struct AutomatonCursor<Automaton: ByteAutomaton>: Sendable {
    let automaton: Automaton
    let vocabulary: VocabularyIndex
    private var frames: [Automaton.Frame]
    private var count: Int
    /// Bytes accepted so far (for error messages).
    private(set) var offset = 0
    /// No token accepted yet: SentencePiece's leading space is dropped from the first one, as the decoder does.
    private var atStart = true
    /// Per-depth copies of the state while walking the trie: depth d at `d * stackCapacity`.
    private var scratch: [Automaton.Frame]
    private var scratchCounts: [Int]
    private var allowed: [Bool]

    init(automaton: Automaton, vocabulary: VocabularyIndex) {
        self.automaton = automaton
        self.vocabulary = vocabulary
        let capacity = automaton.stackCapacity
        var frames = Array(repeating: automaton.blankFrame, count: capacity)
        count = frames.withUnsafeMutableBufferPointer { automaton.start($0.baseAddress!) }
        self.frames = frames
        scratch = Array(repeating: automaton.blankFrame, count: capacity * (vocabulary.all.maxDepth + 2))
        scratchCounts = Array(repeating: 0, count: vocabulary.all.maxDepth + 2)
        allowed = Array(repeating: false, count: vocabulary.vocabularySize)
    }

    var isComplete: Bool {
        var copy = frames
        return copy.withUnsafeMutableBufferPointer { automaton.isComplete($0.baseAddress!, count) }
    }

    /// Whether some byte can follow the output so far.
    var canContinue: Bool {
        (0 ... 255).contains { byte in accepts([UInt8(byte)]) }
    }

    /// Whether `bytes` could follow the output so far.
    func accepts(_ bytes: [UInt8]) -> Bool {
        var copy = frames
        var n = count
        return copy.withUnsafeMutableBufferPointer { buffer in
            bytes.allSatisfy { automaton.step(buffer.baseAddress!, &n, $0) }
        }
    }

    /// Advances past `bytes`; false (state unchanged) when they do not fit.
    mutating func advance(_ bytes: [UInt8]) -> Bool {
        var copy = frames
        var n = count
        let fits = copy.withUnsafeMutableBufferPointer { buffer in
            bytes.allSatisfy { automaton.step(buffer.baseAddress!, &n, $0) }
        }
        guard fits else { return false }
        frames = copy
        count = n
        offset += bytes.count
        atStart = false
        return true
    }

    /// Advances past a chosen token: its bytes must fit, an end-of-generation token
    /// needs a complete output, and a token that renders as nothing is never valid.
    mutating func accept(_ token: Int32) throws {
        let bytes = outputBytes(of: token)
        let fits: Bool
        if vocabulary.endOfGeneration.contains(token) {
            fits = isComplete
        } else if !vocabulary.pieces.indices.contains(Int(token)) || vocabulary.pieces[Int(token)].isEmpty {
            fits = false
        } else {
            fits = advance(bytes)
        }
        guard fits else {
            throw ConstraintError.rejectedToken(token: token, piece: String(decoding: bytes, as: UTF8.self), offset: offset)
        }
    }

    /// The bytes a token adds to the output here (SentencePiece's leading space vanishes at the start).
    func outputBytes(of token: Int32) -> [UInt8] {
        guard token >= 0, Int(token) < vocabulary.pieces.count else { return [] }
        let piece = vocabulary.pieces[Int(token)]
        if atStart, vocabulary.stripsLeadingSpace, piece.first == 0x20 { return Array(piece.dropFirst()) }
        return piece
    }

    /// Sets every token that cannot continue the output to -infinity.
    mutating func mask(_ logits: inout [Float]) {
        // Move the scratch buffers out so the walk owns them uniquely.
        var scratch: [Automaton.Frame] = [], counts: [Int] = [], allowed: [Bool] = []
        swap(&scratch, &self.scratch)
        swap(&counts, &scratchCounts)
        swap(&allowed, &self.allowed)
        for i in allowed.indices { allowed[i] = false }
        markAllowedTokens(&allowed, scratch: &scratch, counts: &counts)
        let complete = isComplete
        for token in vocabulary.endOfGeneration where Int(token) < allowed.count { allowed[Int(token)] = complete }
        for i in 0 ..< min(logits.count, allowed.count) where !allowed[i] { logits[i] = -.infinity }
        // Logits past the tokenizer's vocabulary (padding rows) are never valid output.
        if logits.count > allowed.count { for i in allowed.count ..< logits.count { logits[i] = -.infinity } }
        swap(&scratch, &self.scratch)
        swap(&counts, &scratchCounts)
        swap(&allowed, &self.allowed)
    }

    /// Marks the tokens that fit here: inside a string with room, plain-text tokens
    /// wholesale (a prefix of the by-length list) and only the rest by walking.
    private func markAllowedTokens(_ allowed: inout [Bool], scratch: inout [Automaton.Frame], counts: inout [Int]) {
        let stripSpace = atStart && vocabulary.stripsLeadingSpace
        var copy = frames
        let room = stripSpace ? nil : copy.withUnsafeMutableBufferPointer { automaton.plainTextRoom($0.baseAddress!, count) }
        guard let room else { return walk(vocabulary.all, stripSpace: stripSpace, &allowed, &scratch, &counts) }
        for (i, length) in vocabulary.plainTextLengths.enumerated() {
            guard Int(length) <= room else { break }
            allowed[Int(vocabulary.plainTextTokens[i])] = true
        }
        walk(vocabulary.otherThanPlainText, stripSpace: false, &allowed, &scratch, &counts)
    }

    /// Walks a token trie in preorder from the current state. A node's parent
    /// state is the last one written one level up; a rejected byte skips the
    /// node's whole subtree, so tokens sharing a dead prefix cost one step.
    private func walk(_ trie: TokenTrie, stripSpace: Bool, _ allowed: inout [Bool], _ scratch: inout [Automaton.Frame], _ counts: inout [Int]) {
        let capacity = automaton.stackCapacity
        let automaton = self.automaton
        scratch.withUnsafeMutableBufferPointer { states in
            let base = states.baseAddress!
            frames.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: count) }
            counts[0] = count
            trie.bytes.withUnsafeBufferPointer { bytes in
                trie.depths.withUnsafeBufferPointer { depths in
                    trie.subtreeEnds.withUnsafeBufferPointer { ends in
                        trie.tokenStarts.withUnsafeBufferPointer { starts in
                            var node = 1
                            while node < bytes.count {
                                let depth = Int(depths[node])
                                let state = base + depth * capacity
                                var n = counts[depth - 1]
                                state.update(from: base + (depth - 1) * capacity, count: n)
                                let byte = bytes[node]
                                if !(stripSpace && depth == 1 && byte == 0x20) {
                                    guard automaton.step(state, &n, byte) else {
                                        node = Int(ends[node])
                                        continue
                                    }
                                }
                                counts[depth] = n
                                for t in Int(starts[node]) ..< Int(starts[node + 1]) { allowed[Int(trie.tokens[t])] = true }
                                node += 1
                            }
                        }
                    }
                }
            }
        }
    }
}
