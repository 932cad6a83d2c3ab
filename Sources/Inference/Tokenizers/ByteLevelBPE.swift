/// Byte-level BPE (`tokenizer.ggml.model = gpt2`): text is split into words by
/// the pre-tokenizer, each word's UTF-8 bytes are mapped to GPT-2's printable
/// stand-in characters, and adjacent symbols are merged by rank (lowest first,
/// leftmost on ties) as llama.cpp's `llm_tokenizer_bpe_session` does.
/// Gemma 4 (`gemma4`) merges the same way over raw UTF-8 characters with spaces
/// written as `▁` (the pre-tokenizer's `alphabet`).
struct ByteLevelBPE: Sendable {
    struct Merge: Sendable {
        var rank: Int32
        /// The merged token, or -1 when the concatenation is not in the vocabulary.
        var result: Int32
    }

    let preTokenizer: PreTokenizer
    /// Keyed by `left id << 32 | right id`: merges join tokens, so ids stand in for texts.
    private let merges: [UInt64: Merge]
    /// The token of each byte's stand-in character (-1 if the vocabulary lacks it).
    private let byteTokens: [Int32]

    var mergeCount: Int { merges.count }

    init(vocabulary: Vocabulary, merges mergeLines: [String], preTokenizer: PreTokenizer) {
        var merges: [UInt64: Merge] = [:]
        merges.reserveCapacity(mergeLines.count)
        for (rank, line) in mergeLines.enumerated() {
            let bytes = Array(line.utf8)
            // Split at the first space after the first byte (a merge part may itself be a space).
            guard bytes.count > 2, let space = bytes[1...].firstIndex(of: 0x20) else { continue }
            guard let left = vocabulary.id(of: bytes[..<space]), let right = vocabulary.id(of: bytes[(space + 1)...]) else { continue }
            let key = ByteLevelBPE.key(left, right)
            if merges[key] != nil { continue }  // the first rank of a duplicated merge wins
            var joined = Array(bytes[..<space])
            joined.append(contentsOf: bytes[(space + 1)...])
            merges[key] = Merge(rank: Int32(rank), result: vocabulary.id(of: joined[...]) ?? -1)
        }
        self.merges = merges
        self.byteTokens = ByteLevelBPE.byteEncoding.map { vocabulary.id(of: $0[...]) ?? -1 }
        self.preTokenizer = preTokenizer
    }

    @inline(__always) static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// Encodes one fragment of raw text (no special tokens inside).
    func encode(_ text: String, vocabulary: Vocabulary, into output: inout [Int32]) {
        switch preTokenizer.alphabet {
        case .mappedBytes: encodeMappedBytes(Array(text.unicodeScalars), vocabulary: vocabulary, into: &output)
        case .spaceMarkedText: encodeSpaceMarked(text, vocabulary: vocabulary, into: &output)
        }
    }

    private func encodeMappedBytes(_ scalars: [Unicode.Scalar], vocabulary: Vocabulary, into output: inout [Int32]) {
        var wordBytes: [UInt8] = []
        var mapped: [UInt8] = []
        for word in preTokenizer.split(scalars) {
            wordBytes.removeAll(keepingCapacity: true)
            for scalar in scalars[word] { UTF8Bytes.append(scalar, to: &wordBytes) }
            mapped.removeAll(keepingCapacity: true)
            for byte in wordBytes { mapped.append(contentsOf: ByteLevelBPE.byteEncoding[Int(byte)]) }
            if preTokenizer.ignoresMerges, let whole = vocabulary.id(of: mapped[...]) {
                output.append(whole)
                continue
            }
            mergeWord(wordBytes, vocabulary: vocabulary, into: &output)
        }
    }

    /// Gemma 4: one symbol per character of the escaped text; a run of line breaks
    /// that is a token stays whole (llama.cpp's fix for its newline tokens).
    private func encodeSpaceMarked(_ text: String, vocabulary: Vocabulary, into output: inout [Int32]) {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == " " { escaped.append("\u{2581}") } else { escaped.append(scalar) }
        }
        let scalars = Array(escaped)
        var wordBytes: [UInt8] = []
        var symbols: [Symbol] = []
        for word in preTokenizer.split(scalars) {
            wordBytes.removeAll(keepingCapacity: true)
            symbols.removeAll(keepingCapacity: true)
            for scalar in scalars[word] {
                let start = wordBytes.count
                UTF8Bytes.append(scalar, to: &wordBytes)
                let id = vocabulary.id(of: wordBytes[start...]) ?? -1
                symbols.append(Symbol(id: id, previous: symbols.count - 1, next: symbols.count + 1, start: start, end: wordBytes.count))
            }
            if preTokenizer.ignoresMerges || scalars[word].allSatisfy({ $0 == "\n" }), let whole = vocabulary.id(of: wordBytes[...]) {
                output.append(whole)
                continue
            }
            if !symbols.isEmpty { symbols[symbols.count - 1].next = -1 }
            merge(&symbols)
            emit(symbols, wordBytes, vocabulary: vocabulary, into: &output)
        }
    }

    /// The merged tokens of one word given as raw bytes (no pre-tokenization).
    func mergedTokens(_ bytes: [UInt8], vocabulary: Vocabulary) -> [Int32] {
        var output: [Int32] = []
        mergeWord(bytes, vocabulary: vocabulary, into: &output)
        return output
    }

    private struct Symbol {
        var id: Int32
        var previous: Int
        var next: Int
        var alive = true
        /// The symbol's first and one-past-last original byte.
        var start: Int
        var end: Int
    }

    private struct Candidate {
        var rank: Int32
        var left: Int
        var right: Int
        var leftID: Int32
        var rightID: Int32
    }

    /// Byte-level words: one symbol per byte's stand-in character.
    private func mergeWord(_ bytes: [UInt8], vocabulary: Vocabulary, into output: inout [Int32]) {
        var symbols: [Symbol] = bytes.indices.map { i in
            Symbol(id: byteTokens[Int(bytes[i])], previous: i - 1, next: i + 1 < bytes.count ? i + 1 : -1, start: i, end: i + 1)
        }
        merge(&symbols)
        emit(symbols, bytes, vocabulary: vocabulary, into: &output)
    }

    /// The merge loop over a linked list of symbols. Hot for long words; a heap keeps it O(n log n).
    private func merge(_ symbols: inout [Symbol]) {
        var queue = BinaryHeap<Candidate> { a, b in a.rank < b.rank || (a.rank == b.rank && a.left < b.left) }
        func consider(_ left: Int, _ right: Int) {
            guard left >= 0, right >= 0 else { return }
            let l = symbols[left].id, r = symbols[right].id
            guard l >= 0, r >= 0, let merge = merges[ByteLevelBPE.key(l, r)] else { return }
            queue.push(Candidate(rank: merge.rank, left: left, right: right, leftID: l, rightID: r))
        }
        for i in 1..<max(symbols.count, 1) { consider(i - 1, i) }
        while let candidate = queue.pop() {
            let left = candidate.left, right = candidate.right
            // Stale: one side was merged away or changed since the pair was queued.
            guard symbols[left].alive, symbols[right].alive,
                  symbols[left].id == candidate.leftID, symbols[right].id == candidate.rightID,
                  let merge = merges[ByteLevelBPE.key(candidate.leftID, candidate.rightID)] else { continue }
            symbols[left].id = merge.result
            symbols[left].end = symbols[right].end
            symbols[left].next = symbols[right].next
            symbols[right].alive = false
            if symbols[right].next >= 0 { symbols[symbols[right].next].previous = left }
            consider(symbols[left].previous, left)
            consider(left, symbols[left].next)
        }
    }

    /// The merged symbols' ids; a symbol that is no token falls back to its bytes.
    private func emit(_ symbols: [Symbol], _ bytes: [UInt8], vocabulary: Vocabulary, into output: inout [Int32]) {
        var i = symbols.isEmpty ? -1 : 0
        while i >= 0 {
            let symbol = symbols[i]
            if symbol.id >= 0 {
                output.append(symbol.id)
            } else {
                for byte in bytes[symbol.start..<symbol.end] {
                    switch preTokenizer.alphabet {
                    case .mappedBytes:
                        // llama.cpp looks up each byte of the stand-in text alone.
                        for b in ByteLevelBPE.byteEncoding[Int(byte)] {
                            if let id = vocabulary.id(of: [b][...]) { output.append(id) }
                        }
                    case .spaceMarkedText:
                        if let id = vocabulary.id(of: Vocabulary.byteTokenText(byte)[...]) { output.append(id) }
                    }
                }
            }
            i = symbol.next
        }
    }

    /// The slow reference for `mergeWord`: repeatedly merge the lowest-ranked
    /// adjacent pair, leftmost first. Tests compare the two.
    func referenceMerge(_ bytes: [UInt8]) -> [Int32] {
        var ids = bytes.map { byteTokens[Int($0)] }
        while true {
            var best: (index: Int, merge: Merge)? = nil
            for i in 0..<max(ids.count - 1, 0) where ids[i] >= 0 && ids[i + 1] >= 0 {
                if let merge = merges[ByteLevelBPE.key(ids[i], ids[i + 1])], merge.rank < (best?.merge.rank ?? .max) {
                    best = (i, merge)
                }
            }
            guard let best else { return ids }
            ids.replaceSubrange(best.index...(best.index + 1), with: [best.merge.result])
        }
    }

    // MARK: - GPT-2's byte ↔ character mapping

    /// Bytes that are printable Latin-1 map to themselves; the rest to U+0100 upwards.
    static let byteEncoding: [[UInt8]] = {
        var table = [[UInt8]](repeating: [], count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            var utf8: [UInt8] = []
            UTF8Bytes.append(codePoint: printable ? UInt32(byte) : next, to: &utf8)
            if !printable { next += 1 }
            table[byte] = utf8
        }
        return table
    }()

    /// The inverse: stand-in character → byte.
    static let byteDecoding: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        for (byte, utf8) in byteEncoding.enumerated() {
            if let scalar = String(decoding: utf8, as: UTF8.self).unicodeScalars.first { table[scalar.value] = UInt8(byte) }
        }
        return table
    }()

    /// The raw bytes a normal token stands for.
    static func decode(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
            if let byte = byteDecoding[scalar.value] { out.append(byte) } else { UTF8Bytes.append(scalar, to: &out) }
        }
        return out
    }
}
