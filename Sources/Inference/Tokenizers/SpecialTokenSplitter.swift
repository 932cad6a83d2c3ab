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

    /// Candidate tokens, longest text first (ties: lower id), as llama.cpp orders them.
    private let candidates: [Int32]
    /// Candidate texts, to find every occurrence with one pass over the text.
    private let candidateIndex: [ArraySlice<UInt8>: Int32]
    /// For each first byte, the distinct lengths of candidates starting with it.
    private let lengthsByFirstByte: [[Int]]

    init(vocabulary: Vocabulary) {
        let special: TokenAttributes = [.control, .userDefined, .unknown]
        candidates = (0..<Int32(vocabulary.count))
            .filter { !vocabulary.attributes[Int($0)].isDisjoint(with: special) && !vocabulary.texts[Int($0)].isEmpty }
            .sorted { a, b in SpecialTokenSplitter.precedes(a, b, vocabulary) }
        var index: [ArraySlice<UInt8>: Int32] = [:]
        var lengths = [Set<Int>](repeating: [], count: 256)
        for id in candidates {
            let text = vocabulary.texts[Int(id)]
            index[text[...]] = id
            lengths[Int(text[0])].insert(text.count)
        }
        candidateIndex = index
        lengthsByFirstByte = lengths.map { $0.sorted() }
    }

    private static func precedes(_ a: Int32, _ b: Int32, _ vocabulary: Vocabulary) -> Bool {
        let la = vocabulary.texts[Int(a)].count, lb = vocabulary.texts[Int(b)].count
        return la != lb ? la > lb : a < b
    }

    private static func isEnabled(_ attributes: TokenAttributes, parseSpecial: Bool) -> Bool {
        parseSpecial || attributes.isDisjoint(with: [.control, .unknown])
    }

    /// Same result as `referenceSplit`, without scanning the text once per
    /// candidate (Gemma has thousands of control tokens): every occurrence is
    /// found in one pass, then candidates claim their occurrences in priority order.
    func split(_ text: [UInt8], parseSpecial: Bool, vocabulary: Vocabulary) -> [Fragment] {
        guard !text.isEmpty else { return [] }
        var occurrences: [Int32: [Int]] = [:]
        for i in text.indices {
            for length in lengthsByFirstByte[Int(text[i])] {
                guard i + length <= text.count else { break }
                if let id = candidateIndex[text[i..<(i + length)]],
                   SpecialTokenSplitter.isEnabled(vocabulary.attributes[Int(id)], parseSpecial: parseSpecial) {
                    occurrences[id, default: []].append(i)
                }
            }
        }
        guard !occurrences.isEmpty else { return [.text(0..<text.count)] }

        enum Claim { case free, token(Int32), removed, covered }
        var claims = [Claim](repeating: .free, count: text.count)
        func isFree(_ i: Int) -> Bool { if case .free = claims[i] { return true }; return false }
        for id in occurrences.keys.sorted(by: { SpecialTokenSplitter.precedes($0, $1, vocabulary) }) {
            let length = vocabulary.texts[Int(id)].count
            let attributes = vocabulary.attributes[Int(id)]
            var searchFrom = 0  // llama.cpp resumes after each match, so matches do not overlap
            for start in occurrences[id] ?? [] where start >= searchFrom {
                guard (start..<(start + length)).allSatisfy(isFree) else { continue }
                claims[start] = .token(id)
                for i in (start + 1)..<(start + length) { claims[i] = .covered }
                if attributes.contains(.stripLeft) {
                    var i = start - 1
                    while i >= 0, isFree(i), SpecialTokenSplitter.isSpace(text[i]) { claims[i] = .removed; i -= 1 }
                }
                var end = start + length
                if attributes.contains(.stripRight) {
                    while end < text.count, isFree(end), SpecialTokenSplitter.isSpace(text[end]) { claims[end] = .removed; end += 1 }
                }
                searchFrom = end
            }
        }
        var fragments: [Fragment] = []
        var runStart: Int? = nil
        for i in text.indices {
            if case .free = claims[i] {
                if runStart == nil { runStart = i }
                continue
            }
            if let s = runStart { fragments.append(.text(s..<i)); runStart = nil }
            if case .token(let id) = claims[i] { fragments.append(.token(id)) }
        }
        if let s = runStart { fragments.append(.text(s..<text.count)) }
        return fragments
    }

    /// The slow reference, literally llama.cpp's loop: each candidate in turn splits
    /// every remaining text fragment at all its occurrences.
    func referenceSplit(_ text: [UInt8], parseSpecial: Bool, vocabulary: Vocabulary) -> [Fragment] {
        guard !text.isEmpty else { return [] }
        var fragments: [Fragment] = [.text(0..<text.count)]
        for id in candidates {
            let attributes = vocabulary.attributes[Int(id)]
            if !SpecialTokenSplitter.isEnabled(attributes, parseSpecial: parseSpecial) { continue }
            let needle = vocabulary.texts[Int(id)]
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
