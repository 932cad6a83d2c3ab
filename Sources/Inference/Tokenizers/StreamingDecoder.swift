/// Turns generated tokens into text as they arrive. A character split across
/// tokens (byte-fallback or byte-level pieces of an emoji) is held back until
/// its last byte arrives, so every returned chunk is whole UTF-8.
public struct StreamingDecoder: Sendable {
    private let tokenizer: Tokenizer
    private var pending: [UInt8] = []
    private var atStart: Bool

    /// - Parameter startsText: the ids begin a text, as `Tokenizer.decode` assumes:
    ///   a leading BOS is skipped and the space SentencePiece put before the first
    ///   word (`add_space_prefix`) is removed. Leave false for a generated
    ///   continuation, whose leading space is real.
    public init(tokenizer: Tokenizer, startsText: Bool = false) {
        self.tokenizer = tokenizer
        self.atStart = startsText
    }

    /// Adds one token; returns the text that is now complete (possibly empty).
    public mutating func append(_ id: Int32) -> String {
        var bytes = tokenizer.pieceBytes(id, special: false)
        if atStart {
            if id == tokenizer.bos && tokenizer.addsBOS { return "" }
            // The leading space SentencePiece added to the first word is not the user's.
            if tokenizer.kind == .sentencePiece && tokenizer.addsSpacePrefix && bytes.first == 0x20 { bytes.removeFirst() }
            atStart = false
        }
        pending.append(contentsOf: bytes)
        let held = UTF8Bytes.incompleteSuffixLength(pending)
        let ready = pending[..<(pending.count - held)]
        let text = String(decoding: ready, as: UTF8.self)
        pending.removeFirst(pending.count - held)
        return text
    }

    /// Flushes what is held back; an incomplete character becomes U+FFFD.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }
}
