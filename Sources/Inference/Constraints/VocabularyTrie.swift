import Foundation

/// Every token's output bytes in one prefix tree, stored in preorder so a
/// constraint can walk the whole vocabulary once per step and skip a subtree
/// (all tokens sharing a rejected prefix) in one jump.
///
/// Built once per tokenizer and shared (`VocabularyTrie.shared(for:)`): 262k
/// Gemma tokens take a moment to sort.
final class VocabularyTrie: Sendable {
    /// The byte on the edge into each node (node 0 is the root; its byte is unused).
    let bytes: [UInt8]
    /// The length of each node's prefix (root 0).
    let depths: [UInt16]
    /// One past the last node of each node's subtree.
    let subtreeEnds: [Int32]
    /// Tokens ending at node n are `tokens[tokenStarts[n] ..< tokenStarts[n + 1]]`.
    let tokenStarts: [Int32]
    let tokens: [Int32]
    /// Each token's bytes as the decoder renders them (empty for control tokens).
    let pieces: [[UInt8]]
    /// Tokens that end generation.
    let endOfGeneration: [Int32]
    let vocabularySize: Int
    let maxDepth: Int
    /// SentencePiece drops the space it put before the first word of the output.
    let stripsLeadingSpace: Bool

    convenience init(tokenizer: Tokenizer) {
        let pieces = (0 ..< tokenizer.vocabularySize).map { tokenizer.pieceBytes(Int32($0), special: false) }
        let ends = (0 ..< tokenizer.vocabularySize).map(Int32.init).filter(tokenizer.isEndOfGeneration)
        self.init(pieces: pieces, endOfGeneration: ends,
                  stripsLeadingSpace: tokenizer.kind == .sentencePiece && tokenizer.addsSpacePrefix)
    }

    /// A trie over `pieces` (index = token id); empty pieces and end-of-generation tokens stay out.
    init(pieces: [[UInt8]], endOfGeneration: [Int32], stripsLeadingSpace: Bool = false) {
        let ends = Set(endOfGeneration)
        let order = pieces.indices
            .filter { !pieces[$0].isEmpty && !ends.contains(Int32($0)) }
            .sorted { pieces[$0].lexicographicallyPrecedes(pieces[$1]) }
        var bytes: [UInt8] = [0], depths: [UInt16] = [0], subtreeEnds: [Int32] = [0]
        var terminals: [Int32] = []      // the node where each token of `order` ends
        var path: [Int] = [0]            // the previous token's node at each depth
        var previous: [UInt8] = []
        for id in order {
            let piece = pieces[id]
            var common = 0
            while common < min(piece.count, previous.count), piece[common] == previous[common] { common += 1 }
            // Close the previous token's nodes below the shared prefix.
            while path.count - 1 > common { subtreeEnds[path.removeLast()] = Int32(bytes.count) }
            for depth in common ..< piece.count {
                path.append(bytes.count)
                bytes.append(piece[depth])
                depths.append(UInt16(clamping: depth + 1))
                subtreeEnds.append(0)
            }
            terminals.append(Int32(path[piece.count]))
            previous = piece
        }
        for node in path { subtreeEnds[node] = Int32(bytes.count) }
        // Sorted insertion makes terminal nodes non-decreasing: count, then prefix-sum.
        var tokenStarts = [Int32](repeating: 0, count: bytes.count + 1)
        for node in terminals { tokenStarts[Int(node) + 1] += 1 }
        for n in 0 ..< bytes.count { tokenStarts[n + 1] += tokenStarts[n] }
        self.bytes = bytes
        self.depths = depths
        self.subtreeEnds = subtreeEnds
        self.tokenStarts = tokenStarts
        self.tokens = order.map { Int32($0) }
        self.pieces = pieces
        self.endOfGeneration = endOfGeneration
        self.vocabularySize = pieces.count
        self.maxDepth = Int(depths.max() ?? 0)
        self.stripsLeadingSpace = stripsLeadingSpace
    }
}

extension VocabularyTrie {
    /// Tries already built, keyed by the identity of the tokenizer's token table.
    /// An entry keeps its tokenizer alive, so the address in its key cannot be reused.
    private final class Cache: @unchecked Sendable {
        struct Key: Hashable { let texts: UnsafeRawPointer, attributes: UnsafeRawPointer, count: Int }
        let lock = NSLock()
        var entries: [Key: (tokenizer: Tokenizer, trie: VocabularyTrie)] = [:]
    }
    private static let cache = Cache()

    /// The trie of `tokenizer`'s vocabulary, built on first use and then shared.
    static func shared(for tokenizer: Tokenizer) -> VocabularyTrie {
        let vocabulary = tokenizer.vocabulary
        guard let texts = vocabulary.texts.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }),
              let attributes = vocabulary.attributes.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) })
        else { return VocabularyTrie(tokenizer: tokenizer) }
        let key = Cache.Key(texts: texts, attributes: attributes, count: vocabulary.count)
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let entry = cache.entries[key] { return entry.trie }
        let trie = VocabularyTrie(tokenizer: tokenizer)
        // A handful of models per process; drop everything rather than grow without bound.
        if cache.entries.count >= 8 { cache.entries.removeAll() }
        cache.entries[key] = (tokenizer, trie)
        return trie
    }
}
