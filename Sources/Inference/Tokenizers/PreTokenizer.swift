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
        /// Llama 3's regex; `digitGroup` is 3 (`\p{N}{1,3}`) or 1 for Qwen 2 (`\p{N}`).
        case llama3(digitGroup: Int)
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

    let name: String
    let stages: [Stage]
    /// Llama 3 style: a word that is already a token is emitted without merging.
    let ignoresMerges: Bool

    /// The pre-tokenizer for a `tokenizer.ggml.pre` value (nil or "default": llama.cpp's default list).
    init(name: String?) throws(TokenizerError) {
        let name = name ?? "default"
        self.name = name
        switch name {
        case "default":
            stages = [.punctuationRuns(includingBacktick: false), .gpt2, .numberRuns, .asciiDigitTriples]
            ignoresMerges = false
        case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2":
            stages = [.llama3(digitGroup: 3)]
            ignoresMerges = true
        case "dbrx", "smaug-bpe", "chatglm-bpe", "glm4":
            stages = [.llama3(digitGroup: 3)]
            ignoresMerges = false
        case "qwen2", "deepseek-r1-qwen", "stablelm2", "megrez", "hunyuan":
            stages = [.llama3(digitGroup: 1)]
            ignoresMerges = false
        case "deepseek-llm":
            stages = [.eachLineBreak, .deepSeekLetters, .deepSeekPunctuation, .trailingWhitespace, .deepSeekCJK, .numberRuns]
            ignoresMerges = false
        case "falcon":
            stages = [.punctuationRuns(includingBacktick: true), .gpt2, .asciiDigitTriples]
            ignoresMerges = false
        case "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b":
            stages = [.eachNumber, .gpt2]
            ignoresMerges = false
        case "gpt-2", "phi-2", "jina-es", "jina-de", "jina-v1-en", "jina-v2-es", "jina-v2-de", "jina-v2-code",
             "roberta-bpe", "mpt", "olmo", "jais", "gigachat", "trillion", "exaone4", "mellum", "modern-bert", "a.x-4.0":
            stages = [.gpt2]
            ignoresMerges = false
        default:
            throw .unsupportedPreTokenizer(name)
        }
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
        case .llama3(let digitGroup): scanner.scanLlama3(digitGroup: digitGroup, into: &out)
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
