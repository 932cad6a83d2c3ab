/// SentencePiece-style BPE (`tokenizer.ggml.model = llama`): spaces become "▁",
/// the text starts as one symbol per UTF-8 character, and the adjacent pair
/// whose concatenation is the highest-scoring token is merged until none is left
/// (ties: leftmost). Characters that never became tokens fall back to byte
/// tokens `<0xNN>`. Mirrors llama.cpp's `llm_tokenizer_spm_session`.
struct SentencePieceBPE: Sendable {
    /// The token for each byte value: `<0xNN>`, else the one-byte text, else unknown.
    private let byteTokens: [Int32]

    init(vocabulary: Vocabulary, unknown: Int32?) {
        byteTokens = (0..<256).map { byte in
            vocabulary.id(of: Vocabulary.byteTokenText(UInt8(byte))[...]) ?? vocabulary.id(of: [UInt8(byte)][...]) ?? unknown ?? 0
        }
    }

    func byteToken(_ byte: UInt8) -> Int32 { byteTokens[Int(byte)] }

    private struct Symbol {
        var start: Int
        var length: Int
        var previous: Int
        var next: Int
    }

    private struct Candidate {
        var score: Float
        var left: Int
        var right: Int
        var size: Int
    }

    /// Encodes text whose spaces are already escaped to "▁".
    func encode(_ text: [UInt8], vocabulary: Vocabulary, into output: inout [Int32]) {
        var symbols: [Symbol] = []
        var offset = 0
        while offset < text.count {
            let length = min(UTF8Bytes.sequenceLength(lead: text[offset]), text.count - offset)
            symbols.append(Symbol(start: offset, length: length, previous: symbols.count - 1, next: offset + length < text.count ? symbols.count + 1 : -1))
            offset += length
        }
        guard !symbols.isEmpty else { return }
        var queue = BinaryHeap<Candidate> { a, b in a.score > b.score || (a.score == b.score && a.left < b.left) }
        func consider(_ left: Int, _ right: Int) {
            guard left >= 0, right >= 0 else { return }
            let start = symbols[left].start, end = symbols[right].start + symbols[right].length
            guard let id = vocabulary.id(of: text[start..<end]) else { return }
            queue.push(Candidate(score: vocabulary.scores[Int(id)], left: left, right: right, size: end - start))
        }
        for i in 1..<symbols.count { consider(i - 1, i) }
        while let candidate = queue.pop() {
            let left = candidate.left, right = candidate.right
            // Stale when either side has been merged since the pair was queued.
            guard symbols[left].length > 0, symbols[right].length > 0,
                  symbols[left].length + symbols[right].length == candidate.size else { continue }
            symbols[left].length += symbols[right].length
            symbols[right].length = 0
            symbols[left].next = symbols[right].next
            if symbols[right].next >= 0 { symbols[symbols[right].next].previous = left }
            consider(symbols[left].previous, left)
            consider(left, symbols[left].next)
        }
        var i = 0
        while i >= 0 {
            let symbol = symbols[i]
            let bytes = text[symbol.start..<(symbol.start + symbol.length)]
            if let id = vocabulary.id(of: bytes) {
                output.append(id)
            } else {
                for byte in bytes { output.append(byteTokens[Int(byte)]) }
            }
            i = symbol.next
        }
    }

    /// "▁", SentencePiece's visible space.
    static let spaceMarker: [UInt8] = [0xE2, 0x96, 0x81]

    /// Replaces every space with "▁".
    static func escapeSpaces(_ text: some Sequence<UInt8>, into out: inout [UInt8]) {
        for byte in text {
            if byte == 0x20 { out.append(contentsOf: spaceMarker) } else { out.append(byte) }
        }
    }
}
