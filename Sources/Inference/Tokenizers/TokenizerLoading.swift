import Foundation

/// Special ids and flags gathered while loading.
struct SpecialTokens: Sendable {
    var bos: Int32?
    var eos: Int32?
    var unknown: Int32?
    var separator: Int32?
    var padding: Int32?
    var endOfTurn: Int32?
    var endOfMessage: Int32?
    var addBOS = false
    var addEOS = false
    var addSeparator = false
    var addSpacePrefix = false
    var endOfGeneration: Set<Int32> = []
}

extension Tokenizer {
    /// Builds the tokenizer a GGUF file describes (`tokenizer.ggml.*`), with
    /// llama.cpp's defaults where the metadata is silent.
    public init(metadata: GGUFMetadata) throws(TokenizerError) {
        guard let model = metadata.string("tokenizer.ggml.model") else {
            if metadata["tokenizer.ggml.model"] != nil { throw TokenizerError.wrongType(key: "tokenizer.ggml.model", expected: "a string") }
            throw TokenizerError.missingKey("tokenizer.ggml.model")
        }
        guard let kind = Kind(rawValue: model) else { throw TokenizerError.unsupportedModel(model) }
        var vocabulary = try Tokenizer.readVocabulary(metadata)

        // Defaults per algorithm (llama.cpp's llama_vocab::impl::load), then metadata overrides.
        var specials = SpecialTokens()
        switch kind {
        case .sentencePiece:
            specials.bos = 1; specials.eos = 2; specials.unknown = 0
            specials.addBOS = true; specials.addSpacePrefix = true
        case .wordPiece:
            specials.bos = 101; specials.unknown = 100; specials.separator = 102; specials.padding = 0
            specials.addBOS = true; specials.addSeparator = true
        case .bytePairs:
            specials.bos = 11; specials.eos = 11
        case .spaceMarkedBytePairs:
            break  // no default special tokens: the metadata names them
        }
        var preTokenizer: PreTokenizer? = nil
        switch kind {
        case .bytePairs: preTokenizer = try PreTokenizer(name: metadata.string("tokenizer.ggml.pre"))
        case .spaceMarkedBytePairs: preTokenizer = try PreTokenizer(name: "gemma4")  // whatever tokenizer.ggml.pre says, as llama.cpp
        case .sentencePiece, .wordPiece: break
        }
        if preTokenizer?.addsBOS == true { specials.addBOS = true }
        if let value = metadata.bool("tokenizer.ggml.add_space_prefix") { specials.addSpacePrefix = value }
        func id(_ key: String, _ current: Int32?) -> Int32? {
            var current = current
            if let c = current, !vocabulary.contains(c) { current = nil }
            guard let value = metadata.int("tokenizer.ggml." + key), value >= 0, value < vocabulary.count else { return current }
            return Int32(value)
        }
        specials.bos = id("bos_token_id", specials.bos)
        specials.eos = id("eos_token_id", specials.eos)
        specials.endOfTurn = id("eot_token_id", nil)
        specials.endOfMessage = id("eom_token_id", nil)
        specials.unknown = id("unknown_token_id", specials.unknown)
        specials.separator = id("seperator_token_id", specials.separator)  // sic: GGUF's spelling
        specials.padding = id("padding_token_id", specials.padding)
        if let value = metadata.bool("tokenizer.ggml.add_bos_token") { specials.addBOS = value }
        if let value = metadata.bool("tokenizer.ggml.add_eos_token") { specials.addEOS = value }
        if let value = metadata.bool("tokenizer.ggml.add_sep_token") { specials.addSeparator = value }
        if kind == .spaceMarkedBytePairs { specials.addBOS = true }  // llama.cpp overrides add_bos_token = false for Gemma 4
        if specials.addBOS && specials.bos == nil { throw TokenizerError.missingSpecialToken("add_bos_token is true but there is no BOS token") }
        if specials.addEOS && specials.eos == nil { throw TokenizerError.missingSpecialToken("add_eos_token is true but there is no EOS token") }

        Tokenizer.markEndOfGeneration(&vocabulary, &specials)
        if let name = metadata.string("general.name")?.lowercased(), name.contains("phi-3") || name.contains("phi3") {
            Tokenizer.applyPhi3Stripping(&vocabulary)
        }

        let algorithm: Algorithm
        switch kind {
        case .bytePairs, .spaceMarkedBytePairs:
            guard let merges = metadata.stringArray("tokenizer.ggml.merges") else {
                if metadata["tokenizer.ggml.merges"] != nil { throw TokenizerError.wrongType(key: "tokenizer.ggml.merges", expected: "an array of strings") }
                throw TokenizerError.missingKey("tokenizer.ggml.merges")
            }
            let pre: PreTokenizer
            if let preTokenizer { pre = preTokenizer } else { pre = try PreTokenizer(name: nil) }
            algorithm = .bytePairs(ByteLevelBPE(vocabulary: vocabulary, merges: merges, preTokenizer: pre))
        case .sentencePiece:
            algorithm = .sentencePiece(SentencePieceBPE(vocabulary: vocabulary, unknown: specials.unknown))
        case .wordPiece:
            var wordPiece = WordPiece()
            if let lowercase = metadata.bool("tokenizer.ggml.normalizer.lowercase") { wordPiece.lowercase = lowercase; wordPiece.stripAccents = lowercase }
            if let strip = metadata.bool("tokenizer.ggml.normalizer.strip_accents") { wordPiece.stripAccents = strip }
            algorithm = .wordPiece(wordPiece)
        }
        self.init(kind: kind, vocabulary: vocabulary, algorithm: algorithm, specials: specials)
    }

    /// Tokens, scores and token types, each checked for type and length.
    private static func readVocabulary(_ metadata: GGUFMetadata) throws(TokenizerError) -> Vocabulary {
        let tokensKey = "tokenizer.ggml.tokens"
        guard let value = metadata[tokensKey] else { throw TokenizerError.missingKey(tokensKey) }
        guard let items = value.arrayValue else { throw TokenizerError.wrongType(key: tokensKey, expected: "an array of strings") }
        guard !items.isEmpty else { throw TokenizerError.emptyVocabulary }
        var texts: [[UInt8]] = []
        texts.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let text = item.stringValue else { throw TokenizerError.wrongType(key: tokensKey, expected: "an array of strings") }
            // llama.cpp renames empty tokens so they can never match text.
            texts.append(text.isEmpty ? Array("[EMPTY_\(i)]".utf8) : Array(text.utf8))
        }
        var scores: [Float]? = nil
        if metadata["tokenizer.ggml.scores"] != nil {
            guard let values = metadata.floatArray("tokenizer.ggml.scores") else { throw TokenizerError.wrongType(key: "tokenizer.ggml.scores", expected: "an array of numbers") }
            guard values.count >= texts.count else { throw TokenizerError.lengthMismatch(key: "tokenizer.ggml.scores", expected: texts.count, found: values.count) }
            scores = Array(values.prefix(texts.count))
        }
        var attributes = [TokenAttributes](repeating: .normal, count: texts.count)
        if metadata["tokenizer.ggml.token_type"] != nil {
            guard let types = metadata.intArray("tokenizer.ggml.token_type") else { throw TokenizerError.wrongType(key: "tokenizer.ggml.token_type", expected: "an array of integers") }
            guard types.count >= texts.count else { throw TokenizerError.lengthMismatch(key: "tokenizer.ggml.token_type", expected: texts.count, found: types.count) }
            for i in texts.indices { attributes[i] = TokenAttributes(tokenType: types[i]) }
        }
        return Vocabulary(texts: texts, scores: scores, attributes: attributes)
    }

    /// Tokens that end a reply, found by text as llama.cpp does (converters do not
    /// always record them); such tokens are made control tokens.
    static func markEndOfGeneration(_ vocabulary: inout Vocabulary, _ specials: inout SpecialTokens) {
        let turnEnds = ["<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<turn|>", "<|endoftext|>", "<|end_of_text|>",
                        "<EOT>", "_<EOT>", "<｜end▁of▁sentence｜>", "<end_of_utterance>"]
        let generationEnds = Set(turnEnds + ["<|eom_id|>", "<|return|>", "<|call|>", "<eos>", "<|tool_response>"])
        if specials.endOfTurn == nil {
            for text in turnEnds {
                if let id = vocabulary.id(of: text) { specials.endOfTurn = id; break }
            }
        }
        if specials.endOfMessage == nil { specials.endOfMessage = vocabulary.id(of: "<|eom_id|>") }
        for text in generationEnds {
            guard let id = vocabulary.id(of: text) else { continue }
            specials.endOfGeneration.insert(id)
            vocabulary.attributes[Int(id)].insert(.control)
        }
        for id in [specials.eos, specials.endOfTurn, specials.endOfMessage].compactMap({ $0 }) {
            specials.endOfGeneration.insert(id)
        }
    }

    /// llama.cpp's Phi-3 rule: special tokens swallow the whitespace after them,
    /// except `<unk>`, `<s>` and `<|endoftext|>`.
    private static func applyPhi3Stripping(_ vocabulary: inout Vocabulary) {
        for i in vocabulary.attributes.indices where !vocabulary.attributes[i].isDisjoint(with: [.control, .userDefined, .unknown]) {
            vocabulary.attributes[i].insert(.stripRight)
        }
        if let id = vocabulary.id(of: "</s>") { vocabulary.attributes[Int(id)].insert(.stripRight) }
        for text in ["<unk>", "<s>", "<|endoftext|>"] {
            if let id = vocabulary.id(of: text) { vocabulary.attributes[Int(id)].remove(.stripRight) }
        }
    }
}
