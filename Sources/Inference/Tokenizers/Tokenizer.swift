/// Text ↔ token ids for a model, built from its GGUF metadata (or a BERT
/// `vocab.txt`). Encoding matches llama.cpp's `llama_tokenize` token for token.
///
/// One type per algorithm does the work — `ByteLevelBPE` (`gpt2`, and `gemma4`
/// over space-marked text), `SentencePieceBPE` (`llama`), `WordPiece` (`bert`) —
/// after special tokens written in the text have been split out.
public struct Tokenizer: Sendable {
    /// The tokenization algorithm, named as in `tokenizer.ggml.model`.
    public enum Kind: String, Sendable {
        case bytePairs = "gpt2"
        /// Gemma 4: BPE merges over raw UTF-8 with spaces written as `▁` (SentencePiece style).
        case spaceMarkedBytePairs = "gemma4"
        case sentencePiece = "llama"
        case wordPiece = "bert"
    }

    enum Algorithm: Sendable {
        case bytePairs(ByteLevelBPE)
        case sentencePiece(SentencePieceBPE)
        case wordPiece(WordPiece)
    }

    public let kind: Kind
    let vocabulary: Vocabulary
    let algorithm: Algorithm
    let splitter: SpecialTokenSplitter

    /// Beginning/end of sequence and other special ids (nil when the model has none).
    public let bos: Int32?
    public let eos: Int32?
    public let unknown: Int32?
    public let separator: Int32?
    public let padding: Int32?
    /// End of turn (`<|im_end|>`, `<|eot_id|>`, `<end_of_turn>` …), from metadata or found by text.
    public let endOfTurn: Int32?
    /// Whether `encode(addSpecial: true)` adds BOS / EOS / SEP, and whether SentencePiece
    /// text gets a leading space.
    public let addsBOS: Bool
    public let addsEOS: Bool
    public let addsSeparator: Bool
    public let addsSpacePrefix: Bool
    /// The `tokenizer.ggml.pre` value in use (byte-level BPE only).
    public var preTokenizer: String? {
        if case .bytePairs(let bpe) = algorithm { return bpe.preTokenizer.name }
        return nil
    }
    private let endOfGeneration: Set<Int32>

    public var vocabularySize: Int { vocabulary.count }

    init(kind: Kind, vocabulary: Vocabulary, algorithm: Algorithm, specials: SpecialTokens) {
        self.kind = kind
        self.vocabulary = vocabulary
        self.algorithm = algorithm
        self.splitter = SpecialTokenSplitter(vocabulary: vocabulary)
        bos = specials.bos
        eos = specials.eos
        unknown = specials.unknown
        separator = specials.separator
        padding = specials.padding
        endOfTurn = specials.endOfTurn
        addsBOS = specials.addBOS
        addsEOS = specials.addEOS
        addsSeparator = specials.addSeparator
        addsSpacePrefix = specials.addSpacePrefix
        endOfGeneration = specials.endOfGeneration
    }

    // MARK: - Encoding

    /// Token ids for `text`.
    ///
    /// - Parameters:
    ///   - addSpecial: add BOS/EOS (and BERT's CLS/SEP) as the model's metadata asks.
    ///   - parseSpecial: recognise control tokens written in the text (`<|im_start|>`);
    ///     when false they are tokenized as ordinary text. User-defined tokens are
    ///     always recognised, as in llama.cpp and Hugging Face.
    public func encode(_ text: String, addSpecial: Bool, parseSpecial: Bool) -> [Int32] {
        let bytes = Array(text.utf8)
        let fragments = splitter.split(bytes, parseSpecial: parseSpecial, vocabulary: vocabulary)
        var output: [Int32] = []
        output.reserveCapacity(bytes.count / 3 + 2)
        switch algorithm {
        case .bytePairs(let bpe):
            if addSpecial, addsBOS, let bos { output.append(bos) }
            for fragment in fragments {
                switch fragment {
                case .token(let id): output.append(id)
                case .text(let range): bpe.encode(String(decoding: bytes[range], as: UTF8.self), vocabulary: vocabulary, into: &output)
                }
            }
            if addSpecial, addsEOS, let eos { output.append(eos) }
        case .sentencePiece(let spm):
            if addSpecial, addsBOS, let bos { output.append(bos) }
            var previousWasSpecial = true  // the first text gets the space prefix
            var escaped: [UInt8] = []
            for fragment in fragments {
                switch fragment {
                case .token(let id):
                    output.append(id)
                    previousWasSpecial = true
                case .text(let range):
                    escaped.removeAll(keepingCapacity: true)
                    if addsSpacePrefix && previousWasSpecial { escaped.append(contentsOf: SentencePieceBPE.spaceMarker) }
                    SentencePieceBPE.escapeSpaces(bytes[range], into: &escaped)
                    spm.encode(escaped, vocabulary: vocabulary, into: &output)
                    previousWasSpecial = false
                }
            }
            if addSpecial, addsEOS, let eos { output.append(eos) }
        case .wordPiece(let wordPiece):
            if addSpecial, let bos { output.append(bos) }
            for fragment in fragments {
                switch fragment {
                case .token(let id): output.append(id)
                case .text(let range):
                    wordPiece.encode(String(decoding: bytes[range], as: UTF8.self), vocabulary: vocabulary, unknown: unknown ?? 0, into: &output)
                }
            }
            if addSpecial, let separator { output.append(separator) }
        }
        return output
    }

    // MARK: - Decoding

    /// The bytes a token stands for (a byte-level or byte-fallback piece may be part
    /// of a UTF-8 character). Control and unknown tokens render as their text only
    /// when `special` is true; ids outside the vocabulary render as nothing.
    public func pieceBytes(_ id: Int32, special: Bool) -> [UInt8] {
        guard vocabulary.contains(id) else { return [] }
        let attributes = vocabulary.attributes[Int(id)]
        let text = vocabulary.texts[Int(id)]
        if !attributes.isDisjoint(with: [.control, .unknown]) { return special ? text : [] }
        if attributes.contains(.userDefined) { return text }
        switch algorithm {
        case .bytePairs(let bpe) where bpe.preTokenizer.alphabet == .mappedBytes:
            return attributes.contains(.normal) ? ByteLevelBPE.decode(text) : []
        case .bytePairs, .sentencePiece, .wordPiece:
            if attributes.contains(.byte), text.count == 6, let value = UInt8(String(decoding: text[3..<5], as: UTF8.self), radix: 16) {
                return [value]
            }
            guard attributes.contains(.normal) else { return [] }
            var out: [UInt8] = []
            var i = 0
            while i < text.count {
                if i + 2 < text.count, text[i] == 0xE2, text[i + 1] == 0x96, text[i + 2] == 0x81 { out.append(0x20); i += 3 } else { out.append(text[i]); i += 1 }
            }
            return out
        }
    }

    /// A token's text for display (control tokens shown as written; bytes that are not
    /// UTF-8 on their own, such as half an emoji, appear as U+FFFD).
    public func piece(_ id: Int32) -> String {
        String(decoding: pieceBytes(id, special: true), as: UTF8.self)
    }

    /// Text for a sequence of ids: control tokens are left out, and the space
    /// SentencePiece put in front of the first word is removed, so
    /// `decode(encode(text, ...))` gives back `text`.
    /// WordPiece text is normalised, so it cannot round-trip; its words come back
    /// space-separated with BERT's clean-up (no space before `. , ! ?`).
    public func decode(_ ids: [Int32]) -> String {
        var decoder = StreamingDecoder(tokenizer: self, startsText: true)
        var text = ""
        for id in ids { text += decoder.append(id) }
        text += decoder.finish()
        guard kind == .wordPiece else { return text }
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if ".,!?".unicodeScalars.contains(scalar), cleaned.last == " " { cleaned.removeLast() }
            cleaned.append(scalar)
        }
        if cleaned.first == " " { cleaned.removeFirst() }
        return String(cleaned)
    }

    /// Whether generating `id` ends the reply (EOS, end of turn, `<|im_end|>`, `<end_of_turn>` …).
    public func isEndOfGeneration(_ id: Int32) -> Bool { endOfGeneration.contains(id) }

    /// The id of a token given its exact text, if the vocabulary has it.
    public func tokenID(_ text: String) -> Int32? { vocabulary.id(of: text) }

    /// Whether a token is a control token (rendered only on request).
    public func isControl(_ id: Int32) -> Bool { vocabulary.attributes(of: id).contains(.control) }
}
