import Foundation

/// What constraints need to know about a tokenizer's vocabulary, built once per
/// tokenizer and shared (`VocabularyIndex.shared(for:)`; Gemma's 262k tokens
/// take a moment to sort): every token's output bytes, in a trie, and the
/// tokens that are plain text inside a JSON string, in a list by length.
final class VocabularyIndex: Sendable {
    /// Each token's bytes as the decoder renders them (empty for control tokens).
    let pieces: [[UInt8]]
    /// Tokens that end generation.
    let endOfGeneration: [Int32]
    /// Every token with output bytes, except end-of-generation tokens.
    let all: TokenTrie
    /// Tokens that are whole UTF-8 text without '"', '\\' or control characters,
    /// so they fit inside any JSON string with room for them, ordered by their
    /// length in characters (`plainTextLengths`, ascending).
    let plainTextTokens: [Int32]
    let plainTextLengths: [Int32]
    /// The tokens of `all` that are not plain text.
    let otherThanPlainText: TokenTrie
    let vocabularySize: Int
    static let maxTokenBytes = 1024
    /// SentencePiece drops the space it put before the first word of the output.
    let stripsLeadingSpace: Bool

    convenience init(tokenizer: Tokenizer) {
        let pieces = (0 ..< tokenizer.vocabularySize).map { tokenizer.pieceBytes(Int32($0), special: false) }
        let ends = (0 ..< tokenizer.vocabularySize).map(Int32.init).filter(tokenizer.isEndOfGeneration)
        self.init(pieces: pieces, endOfGeneration: ends,
                  stripsLeadingSpace: tokenizer.kind == .sentencePiece && tokenizer.addsSpacePrefix)
    }

    /// An index over `pieces` (index = token id).
    init(pieces: [[UInt8]], endOfGeneration: [Int32], stripsLeadingSpace: Bool = false) {
        let ends = Set(endOfGeneration)
        // Tokens longer than any real one (a hostile vocabulary) stay out: never allowed,
        // and they cannot blow up the per-depth scratch space of the walk.
        let ids = pieces.indices.filter { !pieces[$0].isEmpty && pieces[$0].count <= Self.maxTokenBytes && !ends.contains(Int32($0)) }
        var plain: [(id: Int32, length: Int32)] = []
        var others: [Int] = []
        for id in ids {
            if let length = Self.plainTextLength(pieces[id]) { plain.append((Int32(id), length)) } else { others.append(id) }
        }
        plain.sort { ($0.length, $0.id) < ($1.length, $1.id) }
        self.pieces = pieces
        self.endOfGeneration = endOfGeneration
        all = TokenTrie(pieces: pieces, ids: ids)
        otherThanPlainText = TokenTrie(pieces: pieces, ids: others)
        plainTextTokens = plain.map(\.id)
        plainTextLengths = plain.map(\.length)
        vocabularySize = pieces.count
        self.stripsLeadingSpace = stripsLeadingSpace
    }

    /// The length in Unicode scalars of a piece that is plain JSON-string text, else nil.
    static func plainTextLength(_ piece: [UInt8]) -> Int32? {
        guard !piece.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
              let text = String(validating: piece, as: UTF8.self) else { return nil }
        return Int32(text.unicodeScalars.count)
    }
}

extension VocabularyIndex {
    /// Indexes already built, keyed by the identity of the tokenizer's token table.
    /// An entry keeps its tokenizer alive, so the address in its key cannot be reused.
    private final class Cache: @unchecked Sendable {
        struct Key: Hashable { let texts: UnsafeRawPointer, attributes: UnsafeRawPointer, count: Int }
        let lock = NSLock()
        var entries: [Key: (tokenizer: Tokenizer, index: VocabularyIndex)] = [:]
    }
    private static let cache = Cache()

    /// The index of `tokenizer`'s vocabulary, built on first use and then shared.
    static func shared(for tokenizer: Tokenizer) -> VocabularyIndex {
        let vocabulary = tokenizer.vocabulary
        guard let texts = vocabulary.texts.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }),
              let attributes = vocabulary.attributes.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) })
        else { return VocabularyIndex(tokenizer: tokenizer) }
        let key = Cache.Key(texts: texts, attributes: attributes, count: vocabulary.count)
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let entry = cache.entries[key] { return entry.index }
        let index = VocabularyIndex(tokenizer: tokenizer)
        // A handful of models per process; drop everything rather than grow without bound.
        if cache.entries.count >= 8 { cache.entries.removeAll() }
        cache.entries[key] = (tokenizer, index)
        return index
    }
}
