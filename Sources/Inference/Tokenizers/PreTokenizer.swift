/// How byte-level BPE splits text into words before merging, chosen by
/// `tokenizer.ggml.pre` exactly as llama.cpp chooses its regex list.
///
/// Each regex is a hand-written scanner over Unicode scalars (no regex engine):
/// a stage splits every fragment left by the previous stage into matches and
/// the gaps between them, both kept, as llama.cpp's `unicode_regex_split` does.
struct PreTokenizer: Sendable {
    /// One regex of the list.
    enum Stage: Sendable {
        /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`
        case gpt2
        /// Llama 3's regex; `digitGroup` is 3 (`\p{N}{1,3}`) or 1 for Qwen 2 (`\p{N}`);
        /// Qwen 3.5 counts marks as letters (`[\p{L}\p{M}]+`).
        case llama3(digitGroup: Int, marksJoinLetters: Bool)
        /// Tekken's and GPT-4o's regex: words split where lower case turns to upper
        /// (`[^\r\n\p{L}\p{N}]?\p{Lu}*\p{Ll}+…`), as llama.cpp evaluates it.
        case letterCase(contractions: Bool, digitGroup: Int)
        /// `\s?[class]+` (DeepSeek Coder's `\s?\p{L}+`, `\s?\p{P}+`).
        case spaceThenRun(CodepointClass)
        /// `[^\n]+|[\n]+`: lines and runs of line breaks.
        case lineBreakRuns
        /// `\p{N}`: every number character alone.
        case eachNumber
        /// `\p{N}+`
        case numberRuns
        /// `[0-9][0-9][0-9]`
        case asciiDigitTriples
        /// `[\p{P}\$\+<=>\^~\|]+`, with the backtick for Falcon.
        case punctuationRuns(includingBacktick: Bool)
        /// `[\r\n]`
        case eachLineBreak
        /// `\s?[letters]+` over DeepSeek's explicit letter ranges.
        case deepSeekLetters
        /// `\s?[!-/:-~！-／：-～‘-‟　-。]+`
        case deepSeekPunctuation
        /// `\s+$`
        case trailingWhitespace
        /// `[一-龥ࠀ-一가-퟿]+`
        case deepSeekCJK
    }

    /// How words reach the merges.
    enum Alphabet: Sendable {
        /// GPT-2's byte-level form: every UTF-8 byte becomes one printable stand-in character.
        case mappedBytes
        /// SentencePiece-style text (Gemma 4): raw UTF-8 with spaces written as `▁`;
        /// a byte that is no token on its own becomes its `<0xXX>` token.
        case spaceMarkedText
    }

    let name: String
    let stages: [Stage]
    /// Llama 3 style: a word that is already a token is emitted without merging.
    let ignoresMerges: Bool
    /// The family always starts a sequence with BOS (Llama 3, Tekken, Gemma 4), whatever the defaults.
    let addsBOS: Bool
    let alphabet: Alphabet

    /// The pre-tokenizer for a `tokenizer.ggml.pre` value (nil or "default": llama.cpp's default list).
    /// Names and their groups follow llama.cpp's `llama_vocab::impl::load`.
    init(name: String?) throws(TokenizerError) {
        let name = name ?? "default"
        self.name = name
        var ignoresMerges = false
        var addsBOS = false
        var alphabet = Alphabet.mappedBytes
        switch name {
        case "default":
            stages = [.punctuationRuns(includingBacktick: false), .gpt2, .numberRuns, .asciiDigitTriples]
        case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano":
            stages = [.llama3(digitGroup: 3, marksJoinLetters: false)]
            ignoresMerges = true
            addsBOS = true
        case "dbrx", "smaug-bpe", "chatglm-bpe", "glm4":
            stages = [.llama3(digitGroup: 3, marksJoinLetters: false)]
        case "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez", "stablelm2", "hunyuan", "solar-open":
            stages = [.llama3(digitGroup: 1, marksJoinLetters: false)]
        case "qwen35":
            stages = [.llama3(digitGroup: 1, marksJoinLetters: true)]
        case "tekken":
            stages = [.letterCase(contractions: false, digitGroup: 1)]
            ignoresMerges = true
            addsBOS = true
        case "gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2":
            stages = [.letterCase(contractions: true, digitGroup: 3)]
        case "deepseek-llm":
            stages = [.eachLineBreak, .deepSeekLetters, .deepSeekPunctuation, .trailingWhitespace, .deepSeekCJK, .numberRuns]
        case "deepseek-coder":
            stages = [.eachLineBreak, .spaceThenRun(.letter), .spaceThenRun(.punctuation), .deepSeekCJK, .eachNumber]
        case "falcon":
            stages = [.punctuationRuns(includingBacktick: true), .gpt2, .asciiDigitTriples]
        case "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b", "mellum2":
            stages = [.eachNumber, .gpt2]
        case "gpt-2", "phi-2", "jina-es", "jina-de", "jina-v1-en", "jina-v2-es", "jina-v2-de", "jina-v2-code",
             "roberta-bpe", "mpt", "olmo", "jais", "gigachat", "trillion", "exaone4", "mellum", "modern-bert", "a.x-4.0",
             "granite-docling":
            stages = [.gpt2]
        case "gemma4", "granite-embed-multi-311m":
            stages = [.lineBreakRuns]
            addsBOS = true
            alphabet = .spaceMarkedText
        default:
            throw .unsupportedPreTokenizer(name)
        }
        self.ignoresMerges = ignoresMerges
        self.addsBOS = addsBOS
        self.alphabet = alphabet
    }

    /// Splits `text` into words (scalar ranges covering it in order).
    func split(_ text: [Unicode.Scalar]) -> [Range<Int>] {
        var fragments = text.isEmpty ? [] : [0..<text.count]
        for stage in stages {
            var next: [Range<Int>] = []
            next.reserveCapacity(fragments.count * 2)
            for fragment in fragments {
                PreTokenizer.apply(stage, to: text, fragment, into: &next)
            }
            fragments = next
        }
        return fragments
    }

    private static func apply(_ stage: Stage, to text: [Unicode.Scalar], _ fragment: Range<Int>, into out: inout [Range<Int>]) {
        var scanner = WordScanner(text: text, range: fragment)
        switch stage {
        case .gpt2: scanner.scanGPT2(into: &out)
        case .llama3(let digitGroup, let marks): scanner.scanLlama3(digitGroup: digitGroup, marksJoinLetters: marks, into: &out)
        case .letterCase(let contractions, let digitGroup):
            scanner.scanMatches(into: &out) { s, p in s.letterCaseWordEnd(at: p, contractions: contractions, digitGroup: digitGroup) }
        case .spaceThenRun(let wanted):
            scanner.scanMatches(into: &out) { s, p in
                s.optionalSpaceThenRun(at: p) { CodepointClass.of($0).contains(wanted) }
            }
        case .lineBreakRuns:
            scanner.scanMatches(into: &out) { s, p in s.run(from: p + 1) { (s.scalar($0) == "\n") == (s.scalar(p) == "\n") } }
        case .eachNumber:
            scanner.scanMatches(into: &out) { s, p in s.isNumber(p) ? p + 1 : nil }
        case .numberRuns:
            scanner.scanMatches(into: &out) { s, p in s.isNumber(p) ? s.run(from: p) { s.isNumber($0) } : nil }
        case .asciiDigitTriples:
            scanner.scanMatches(into: &out) { s, p in
                (0..<3).allSatisfy { s.isASCIIDigit(p + $0) } ? p + 3 : nil
            }
        case .punctuationRuns(let backtick):
            let extra: Set<Unicode.Scalar> = backtick ? ["$", "+", "<", "=", ">", "^", "~", "|", "`"] : ["$", "+", "<", "=", ">", "^", "~", "|"]
            func matches(_ s: WordScanner, _ i: Int) -> Bool {
                guard let c = s.scalar(i) else { return false }
                return extra.contains(c) || (!s.classOf(i).contains(.whitespace) && s.classOf(i).contains(.punctuation))
            }
            scanner.scanMatches(into: &out) { s, p in matches(s, p) ? s.run(from: p) { matches(s, $0) } : nil }
        case .eachLineBreak:
            scanner.scanMatches(into: &out) { s, p in s.scalar(p) == "\r" || s.scalar(p) == "\n" ? p + 1 : nil }
        case .deepSeekLetters:
            scanner.scanMatches(into: &out) { s, p in s.optionalSpaceThenRun(at: p, DeepSeekClasses.isLetter) }
        case .deepSeekPunctuation:
            scanner.scanMatches(into: &out) { s, p in s.optionalSpaceThenRun(at: p, DeepSeekClasses.isPunctuation) }
        case .trailingWhitespace:
            scanner.scanMatches(into: &out) { s, p in
                s.isWhitespace(p) && s.run(from: p, while: s.isWhitespace) == s.end ? s.end : nil
            }
        case .deepSeekCJK:
            scanner.scanMatches(into: &out) { s, p in
                guard let c = s.scalar(p), DeepSeekClasses.isCJK(c) else { return nil }
                return s.run(from: p) { s.scalar($0).map(DeepSeekClasses.isCJK) ?? false }
            }
        }
    }
}
