/// Scans one fragment of text for pre-tokenizer words.
///
/// The GPT-2 and Llama 3 scanners reproduce llama.cpp's hand-written versions of
/// those regexes (`unicode_regex_split_custom_gpt2/llama3`), including where
/// they differ from a real regex engine; the other stages are single patterns
/// found leftmost-first, as `std::regex_iterator` finds them.
struct WordScanner {
    let text: [Unicode.Scalar]
    let start: Int
    let end: Int

    init(text: [Unicode.Scalar], range: Range<Int>) {
        self.text = text
        self.start = range.lowerBound
        self.end = range.upperBound
    }

    // MARK: - Character tests (positions outside the fragment match nothing)

    func scalar(_ i: Int) -> Unicode.Scalar? { i >= start && i < end ? text[i] : nil }

    func classOf(_ i: Int) -> CodepointClass { i >= start && i < end ? CodepointClass.of(text[i]) : [] }

    func inFragment(_ i: Int) -> Bool { i >= start && i < end }

    func isLetter(_ i: Int) -> Bool { classOf(i).contains(.letter) }
    func isNumber(_ i: Int) -> Bool { classOf(i).contains(.number) }
    func isWhitespace(_ i: Int) -> Bool { classOf(i).contains(.whitespace) }
    func isMark(_ i: Int) -> Bool { classOf(i).contains(.mark) }

    func isASCIIDigit(_ i: Int) -> Bool {
        guard let c = scalar(i) else { return false }
        return c.value >= 0x30 && c.value <= 0x39
    }

    /// `[^\s\p{L}\p{N}]` for a position inside the fragment.
    func isOther(_ i: Int) -> Bool {
        inFragment(i) && classOf(i).isDisjoint(with: [.whitespace, .letter, .number])
    }

    func isLineBreak(_ i: Int) -> Bool { scalar(i) == "\r" || scalar(i) == "\n" }

    /// The end of the run of positions from `i` satisfying `test`.
    func run(from i: Int, while test: (Int) -> Bool) -> Int {
        var p = i
        while p < end, test(p) { p += 1 }
        return p
    }

    /// `\s?[class]+` where `\s` also covers non-ASCII whitespace (llama.cpp maps it
    /// to U+000B before running std::wregex, so it never matches the class).
    func optionalSpaceThenRun(at p: Int, _ inClass: (Unicode.Scalar) -> Bool) -> Int? {
        func member(_ i: Int) -> Bool {
            guard let c = scalar(i), !(c.value > 0x7F && isWhitespace(i)) else { return false }
            return inClass(c)
        }
        if isWhitespace(p), member(p + 1) { return run(from: p + 1, while: member) }
        if member(p) { return run(from: p, while: member) }
        return nil
    }

    // MARK: - Generic leftmost-first matching

    /// Emits matches (`match(scanner, position)` returns the end of a match there)
    /// and the unmatched gaps between them.
    mutating func scanMatches(into out: inout [Range<Int>], _ match: (WordScanner, Int) -> Int?) {
        var gapStart = start
        var p = start
        while p < end {
            if let matchEnd = match(self, p), matchEnd > p {
                if gapStart < p { out.append(gapStart..<p) }
                out.append(p..<matchEnd)
                p = matchEnd
                gapStart = p
            } else {
                p += 1
            }
        }
        if gapStart < end { out.append(gapStart..<end) }
    }

    // MARK: - GPT-2 and Llama 3

    /// `'s|'t|'re|'ve|'m|'ll|'d` at `p`; `anyCase` for Llama 3's `(?i:...)`.
    func contractionEnd(at p: Int, anyCase: Bool) -> Int? {
        guard scalar(p) == "'", let next = scalar(p + 1) else { return nil }
        func lower(_ c: Unicode.Scalar?) -> Unicode.Scalar? {
            guard let c else { return nil }
            return anyCase && c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(c.value + 32) : c
        }
        let n1 = lower(next)
        if n1 == "s" || n1 == "t" || n1 == "m" || n1 == "d" { return p + 2 }
        let n2 = lower(scalar(p + 2))
        if (n1 == "r" && n2 == "e") || (n1 == "v" && n2 == "e") || (n1 == "l" && n2 == "l") { return p + 3 }
        return nil
    }

    /// Whitespace handling shared by both scanners: `\s+(?!\S)` leaves the last
    /// space for the next word when a non-space follows, else `\s+`.
    func whitespaceEnd(at p: Int, count: Int) -> Int {
        if count > 1, inFragment(p + count) { return p + count - 1 }
        return p + max(count, 1)
    }

    mutating func scanGPT2(into out: inout [Range<Int>]) {
        var p = start
        while p < end {
            let wordStart = p
            defer { out.append(wordStart..<p) }
            if let e = contractionEnd(at: p, anyCase: false) { p = e; continue }
            let lead = scalar(p) == " " ? p + 1 : p
            if isLetter(lead) { p = run(from: lead, while: isLetter); continue }
            if isNumber(lead) { p = run(from: lead, while: isNumber); continue }
            if isOther(lead) { p = run(from: lead, while: isOther); continue }
            p = whitespaceEnd(at: p, count: run(from: p, while: isWhitespace) - p)
        }
    }

    /// `marksJoinLetters`: Qwen 3.5's variant, `[\p{L}\p{M}]+` for letters and
    /// `[^\s\p{L}\p{M}\p{N}]` for the rest.
    mutating func scanLlama3(digitGroup: Int, marksJoinLetters: Bool, into out: inout [Range<Int>]) {
        let scanner = self
        let isLetter: (Int) -> Bool = marksJoinLetters ? { scanner.isLetter($0) || scanner.isMark($0) } : { scanner.isLetter($0) }
        let isOther: (Int) -> Bool = marksJoinLetters ? { scanner.isOther($0) && !scanner.isMark($0) } : { scanner.isOther($0) }
        var p = start
        while p < end {
            let wordStart = p
            if let e = contractionEnd(at: p, anyCase: true) {
                p = e
                out.append(wordStart..<p)
                continue
            }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if !isLineBreak(p), !isNumber(p), isLetter(p) || isLetter(p + 1) {
                p = run(from: p + 1, while: isLetter)
                out.append(wordStart..<p)
                continue
            }
            // \p{N}{1,3} (or \p{N}): consecutive groups of at most `digitGroup`
            if isNumber(p) {
                var groupStart = p
                while isNumber(p) {
                    p += 1
                    if p - groupStart >= digitGroup {
                        out.append(groupStart..<p)
                        groupStart = p
                    }
                }
                if groupStart < p { out.append(groupStart..<p) }
                continue
            }
            //  ?[^\s\p{L}\p{N}]+[\r\n]*
            let lead = scalar(p) == " " ? p + 1 : p
            if isOther(lead) || (lead != p && !inFragment(lead)) {
                p = run(from: lead, while: isOther)
                p = run(from: p, while: isLineBreak)
                out.append(wordStart..<p)
                continue
            }
            // \s*[\r\n]+ : through the last line break of the whitespace run
            let spaceEnd = run(from: p, while: isWhitespace)
            if let lastBreak = (p..<spaceEnd).last(where: isLineBreak) {
                p = lastBreak + 1
            } else {
                p = whitespaceEnd(at: p, count: spaceEnd - p)
            }
            out.append(wordStart..<p)
        }
    }
}

/// DeepSeek LLM's explicit character classes (from its tokenizer.json regexes).
enum DeepSeekClasses {
    /// `[A-Za-zµÀ-ÖØ-öø-ƺ…]`: the letter ranges, as code point pairs.
    static let letterRanges: [ClosedRange<UInt32>] = [
        0x41...0x5A, 0x61...0x7A, 0xB5...0xB5, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x1BA, 0x1BC...0x1BF,
        0x1C4...0x293, 0x295...0x2AF, 0x370...0x373, 0x376...0x377, 0x37B...0x37D, 0x37F...0x37F,
        0x386...0x386, 0x388...0x38A, 0x38C...0x38C, 0x38E...0x3A1, 0x3A3...0x3F5, 0x3F7...0x481,
        0x48A...0x52F, 0x531...0x556, 0x10A0...0x10C5, 0x13A0...0x13F5, 0x13F8...0x13FD, 0x1C90...0x1CBA,
        0x1CBD...0x1CBF, 0x1D00...0x1D2B, 0x1D6B...0x1D77, 0x1D79...0x1D9A, 0x1E00...0x1F15, 0x1F18...0x1F1D,
        0x1F20...0x1F45, 0x1F48...0x1F4D, 0x1F50...0x1F57, 0x1F59...0x1F59, 0x1F5B...0x1F5B, 0x1F5D...0x1F5D,
        0x1F5F...0x1F7D, 0x1F80...0x1FB4, 0x1FB6...0x1FBC, 0x1FBE...0x1FBE, 0x1FC2...0x1FC4, 0x1FC6...0x1FCC,
        0x1FD0...0x1FD3, 0x1FD6...0x1FDB, 0x1FE0...0x1FEC, 0x1FF2...0x1FF4, 0x1FF6...0x1FFC, 0x2102...0x2102,
        0x2107...0x2107, 0x210A...0x2113, 0x2115...0x2115, 0x2119...0x211D, 0x2124...0x2124, 0x2126...0x2126,
        0x2128...0x2128, 0x212A...0x212D, 0x212F...0x2134, 0x2139...0x2139, 0x213C...0x213F, 0x2145...0x2149,
        0x214E...0x214E, 0x2183...0x2184, 0x2C00...0x2C7B, 0x2C7E...0x2CE4, 0x2CEB...0x2CEE, 0x2CF2...0x2CF3,
        0xA640...0xA66D, 0xA680...0xA69B, 0xA722...0xA76F, 0xA771...0xA787, 0xA78B...0xA78E, 0xAB70...0xABBF,
        0xFB00...0xFB06, 0xFB13...0xFB17, 0xFF21...0xFF3A, 0xFF41...0xFF5A, 0x10400...0x1044F, 0x104B0...0x104D3,
        0x104D8...0x104FB, 0x10C80...0x10CB2, 0x10CC0...0x10CF2, 0x118A0...0x118DF, 0x1E900...0x1E943,
    ]

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        letterRanges.contains { $0.contains(c.value) }
    }

    /// `[!-/:-~！-／：-～‘-‟　-。]`
    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x21...0x2F, 0x3A...0x7E, 0xFF01...0xFF0F, 0xFF1A...0xFF5E, 0x2018...0x201F, 0x3000...0x3002: return true
        default: return false
        }
    }

    /// `[一-龥ࠀ-一가-퟿]`
    static func isCJK(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FA5, 0x0800...0x4E00, 0xAC00...0xD7FF: return true
        default: return false
        }
    }
}
