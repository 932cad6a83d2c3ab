/// What llama.cpp calls a token's attributes, from GGUF's `tokenizer.ggml.token_type`.
struct TokenAttributes: OptionSet, Sendable {
    let rawValue: UInt16

    static let normal = TokenAttributes(rawValue: 1 << 0)
    static let unknown = TokenAttributes(rawValue: 1 << 1)
    /// Never produced from text unless special tokens are parsed; not rendered by decode.
    static let control = TokenAttributes(rawValue: 1 << 2)
    /// Added tokens that are split out of text before the algorithm runs, even without parse-special.
    static let userDefined = TokenAttributes(rawValue: 1 << 3)
    static let unused = TokenAttributes(rawValue: 1 << 4)
    /// SentencePiece byte-fallback tokens `<0xNN>`.
    static let byte = TokenAttributes(rawValue: 1 << 5)
    /// Whitespace to the left/right of the token is absorbed when it is split out of text.
    static let stripLeft = TokenAttributes(rawValue: 1 << 6)
    static let stripRight = TokenAttributes(rawValue: 1 << 7)

    /// GGUF token types: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte.
    init(tokenType: Int) {
        switch tokenType {
        case 1: self = .normal
        case 2: self = .unknown
        case 3: self = .control
        case 4: self = .userDefined
        case 5: self = .unused
        case 6: self = .byte
        default: self = []
        }
    }

    init(rawValue: UInt16) { self.rawValue = rawValue }
}

/// Token texts (as bytes, exactly as stored), scores and attributes, with a
/// byte-keyed index. Keys are bytes, not `String`s: Swift compares strings by
/// canonical equivalence, which would merge distinct tokens such as "é" and "e\u{301}".
struct Vocabulary: Sendable {
    let texts: [[UInt8]]
    let scores: [Float]
    var attributes: [TokenAttributes]
    /// Slices hash by content, so lookups can use a slice of any buffer without copying.
    private let index: [ArraySlice<UInt8>: Int32]
    let maxTokenLength: Int

    var count: Int { texts.count }

    init(texts: [[UInt8]], scores: [Float]?, attributes: [TokenAttributes]) {
        var index: [ArraySlice<UInt8>: Int32] = [:]
        index.reserveCapacity(texts.count)
        var longest = 0
        for (i, text) in texts.enumerated() {
            // The first of duplicate texts wins (llama.cpp rejects such files; we stay usable).
            if index[text[...]] == nil { index[text[...]] = Int32(i) }
            longest = max(longest, text.count)
        }
        self.texts = texts
        self.scores = scores ?? Array(repeating: 0, count: texts.count)
        self.attributes = attributes
        self.index = index
        self.maxTokenLength = longest
    }

    func id(of bytes: ArraySlice<UInt8>) -> Int32? { index[bytes] }

    func id(of text: String) -> Int32? { index[Array(text.utf8)[...]] }

    func contains(_ id: Int32) -> Bool { id >= 0 && Int(id) < texts.count }

    func attributes(of id: Int32) -> TokenAttributes { contains(id) ? attributes[Int(id)] : [] }
}

extension Vocabulary {
    /// `<0xXX>` (two upper-case hex digits), the text of the byte tokens that
    /// SentencePiece-style vocabularies fall back to.
    static func byteTokenText(_ byte: UInt8) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        return Array("<0x".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)], UInt8(ascii: ">")]
    }
}
