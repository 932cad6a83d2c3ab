/// Splits text around special tokens written in it, before the algorithm runs
/// (llama.cpp's `tokenizer_st_partition`): special tokens are tried longest
/// first, each splitting every remaining text fragment at all its occurrences.
/// User-defined tokens are always split out; control and unknown tokens only
/// when parsing special tokens is asked for.
struct SpecialTokenSplitter: Sendable {
    enum Fragment: Equatable {
        /// A byte range of the input.
        case text(Range<Int>)
        case token(Int32)
    }

    /// Candidate tokens, longest text first.
    private let candidates: [Int32]

    init(vocabulary: Vocabulary) {
        let special: TokenAttributes = [.control, .userDefined, .unknown]
        candidates = (0..<Int32(vocabulary.count))
            .filter { !vocabulary.attributes[Int($0)].isDisjoint(with: special) }
            .sorted { a, b in
                let la = vocabulary.texts[Int(a)].count, lb = vocabulary.texts[Int(b)].count
                return la != lb ? la > lb : a < b
            }
    }

    func split(_ text: [UInt8], parseSpecial: Bool, vocabulary: Vocabulary) -> [Fragment] {
        guard !text.isEmpty else { return [] }
        var fragments: [Fragment] = [.text(0..<text.count)]
        for id in candidates {
            let attributes = vocabulary.attributes[Int(id)]
            if !parseSpecial && !attributes.isDisjoint(with: [.control, .unknown]) { continue }
            let needle = vocabulary.texts[Int(id)]
            guard !needle.isEmpty else { continue }
            var next: [Fragment] = []
            next.reserveCapacity(fragments.count)
            for fragment in fragments {
                guard case .text(var range) = fragment else { next.append(fragment); continue }
                while let match = SpecialTokenSplitter.find(needle, in: text, range) {
                    var left = range.lowerBound..<match
                    if attributes.contains(.stripLeft) {
                        while !left.isEmpty, SpecialTokenSplitter.isSpace(text[left.upperBound - 1]) { left = left.lowerBound..<(left.upperBound - 1) }
                    }
                    if !left.isEmpty { next.append(.text(left)) }
                    next.append(.token(id))
                    var rest = (match + needle.count)..<range.upperBound
                    if attributes.contains(.stripRight) {
                        while !rest.isEmpty, SpecialTokenSplitter.isSpace(text[rest.lowerBound]) { rest = (rest.lowerBound + 1)..<rest.upperBound }
                    }
                    range = rest
                }
                if !range.isEmpty { next.append(.text(range)) }
            }
            fragments = next
        }
        return fragments
    }

    /// C's isspace, as llama.cpp uses for lstrip/rstrip.
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    private static func find(_ needle: [UInt8], in text: [UInt8], _ range: Range<Int>) -> Int? {
        guard needle.count <= range.count, let first = needle.first else { return nil }
        var i = range.lowerBound
        let last = range.upperBound - needle.count
        while i <= last {
            if text[i] == first && text[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
