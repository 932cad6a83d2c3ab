/// A set of tokens' bytes in one prefix tree, stored in preorder so a
/// constraint can walk it once per step and skip a subtree (all tokens sharing
/// a rejected prefix) in one jump.
struct TokenTrie: Sendable {
    /// The byte on the edge into each node (node 0 is the root; its byte is unused).
    let bytes: [UInt8]
    /// The length of each node's prefix (root 0).
    let depths: [UInt16]
    /// One past the last node of each node's subtree.
    let subtreeEnds: [Int32]
    /// Tokens ending at node n are `tokens[tokenStarts[n] ..< tokenStarts[n + 1]]`.
    let tokenStarts: [Int32]
    let tokens: [Int32]
    let maxDepth: Int

    /// The trie of `ids`, whose bytes are `pieces[id]` (empty pieces are left out).
    init(pieces: [[UInt8]], ids: [Int]) {
        let order = ids
            .filter { !pieces[$0].isEmpty }
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
        self.maxDepth = Int(depths.max() ?? 0)
    }
}
