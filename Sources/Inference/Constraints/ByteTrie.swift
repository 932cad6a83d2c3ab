/// Small prefix trees over lists of byte strings (choices, property names,
/// enum values), one root per list, with, per node, which string of its list
/// ends there and which lie below. All lists share flat arrays, so a matcher
/// holds one value however many lists its schema has.
struct ByteTrie: Sendable {
    /// Children of node n: `childBytes/childNodes[childStarts[n] ..< childStarts[n + 1]]`.
    private(set) var childStarts: [Int32] = []
    private(set) var childBytes: [UInt8] = []
    private(set) var childNodes: [Int32] = []
    /// The index of the string ending at each node, or -1.
    private(set) var terminals: [Int32] = []
    /// Bit i set when string i (i < 64) ends at or below the node.
    private(set) var below: [UInt64] = []

    /// The root of each list.
    private(set) var roots: [Int32] = []

    static let root: Int32 = 0

    /// One trie of `strings` (root 0); a string listed twice keeps its first index.
    init(_ strings: [[UInt8]]) {
        self.init(lists: [strings])
    }

    /// A trie per list (`roots[i]` for list i).
    init(lists: [[[UInt8]]]) {
        // Build with per-node dictionaries, then flatten: tries here are small.
        var children: [[UInt8: Int32]] = []
        var terminals: [Int32] = []
        var below: [UInt64] = []
        for strings in lists {
            roots.append(Int32(children.count))
            children.append([:])
            terminals.append(-1)
            below.append(0)
            for (index, string) in strings.enumerated() {
                let bit: UInt64 = index < 64 ? 1 << UInt64(index) : 0
                var node = Int(roots[roots.count - 1])
                below[node] |= bit
                for byte in string {
                    if let next = children[node][byte] {
                        node = Int(next)
                    } else {
                        children.append([:])
                        terminals.append(-1)
                        below.append(0)
                        children[node][byte] = Int32(children.count - 1)
                        node = children.count - 1
                    }
                    below[node] |= bit
                }
                if terminals[node] < 0 { terminals[node] = Int32(index) }
            }
        }
        for node in children.indices {
            childStarts.append(Int32(childBytes.count))
            for (byte, child) in children[node].sorted(by: { $0.key < $1.key }) {
                childBytes.append(byte)
                childNodes.append(child)
            }
        }
        childStarts.append(Int32(childBytes.count))
        self.terminals = terminals
        self.below = below
    }

    /// The node after `byte` from `node`, or nil.
    @inline(__always)
    func child(_ node: Int32, _ byte: UInt8) -> Int32? {
        var i = Int(childStarts[Int(node)])
        let end = Int(childStarts[Int(node) + 1])
        while i < end {
            if childBytes[i] == byte { return childNodes[i] }
            i += 1
        }
        return nil
    }

    func hasChildren(_ node: Int32) -> Bool { childStarts[Int(node)] < childStarts[Int(node) + 1] }

    /// Whether a string ends at `node`.
    func isTerminal(_ node: Int32) -> Bool { terminals[Int(node)] >= 0 }
}
