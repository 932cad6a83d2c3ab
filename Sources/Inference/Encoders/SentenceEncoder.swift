import Foundation

/// Sentence embeddings as sentence-transformers' all-MiniLM-L6-v2 and
/// all-mpnet-base-v2 pipelines compute them: the encoder's last hidden states,
/// mean-pooled over the tokens of each sequence (padding never counts), then
/// L2-normalised, so the cosine similarity of two embeddings is their dot product.
///
/// Texts are tokenized with the model's WordPiece vocabulary, truncated to
/// `maximumTokens` including `[CLS]` and `[SEP]` (sentence-transformers keeps
/// the start of a long text the same way).
public final class SentenceEncoder: Sendable {
    public let encoder: BertEncoder
    public let tokenizer: Tokenizer
    /// Longest token sequence embedded, `[CLS]` and `[SEP]` included.
    public let maximumTokens: Int

    /// all-MiniLM-L6-v2's `max_seq_length` in sentence-transformers, used when
    /// the directory has no `sentence_bert_config.json` to say otherwise.
    public static let defaultMaximumTokens = 256

    /// Tokens run through the encoder in one pass at most: large batches (a
    /// swarm's examples at load) are split so the activations stay a few tens
    /// of megabytes however many texts come in.
    public let tokensPerPass: Int

    /// Loads the model in `directory`: config.json, model.safetensors and
    /// vocab.txt; tokenizer.json's normalizer (when present) says whether the
    /// vocabulary is lowercased, sentence_bert_config.json (when present) the
    /// maximum sequence length.
    ///
    /// A sentence-transformers pooling config (`1_Pooling/config.json`), when
    /// present, must ask for mean pooling: another pooling would give vectors
    /// this encoder does not compute, so it is an error, not a fallback.
    /// `tokensPerPass` bounds the work (and memory) of one encoder pass.
    public init(directory: String, tokensPerPass: Int = 4096) throws {
        self.tokensPerPass = max(1, tokensPerPass)
        encoder = try BertEncoder(directory: directory)
        let base = URL(fileURLWithPath: directory)
        let tokenizerFile = try Self.optionalJSONObject(base.appendingPathComponent("tokenizer.json"))
        let normalizer = tokenizerFile?["normalizer"] as? [String: Any]
        let (classToken, separatorToken) = Self.boundaryTokens(postProcessor: tokenizerFile?["post_processor"] as? [String: Any])
        let added = (tokenizerFile?["added_tokens"] as? [[String: Any]] ?? []).filter { $0["special"] as? Bool == true }
        tokenizer = try Tokenizer(
            wordPieceVocabularyAt: base.appendingPathComponent("vocab.txt").path,
            lowercase: normalizer?["lowercase"] as? Bool ?? true,
            classToken: classToken, separatorToken: separatorToken,
            specialTokens: Set(added.compactMap { $0["content"] as? String }))
        let vocabularyPath = base.appendingPathComponent("vocab.txt").path
        guard tokenizer.vocabularySize == encoder.configuration.vocabularySize else {
            throw EncoderError(
                .invalidField(expected: "\(encoder.configuration.vocabularySize) tokens as config.json's vocab_size (found \(tokenizer.vocabularySize))"),
                location: vocabularyPath)
        }
        guard tokenizer.bos != nil, tokenizer.separator != nil else {
            throw EncoderError(.invalidField(expected: "\(classToken) and \(separatorToken) tokens"), location: vocabularyPath)
        }

        let sentenceConfig = base.appendingPathComponent("sentence_bert_config.json")
        var maximum = Self.defaultMaximumTokens
        if let value = try Self.optionalJSONObject(sentenceConfig)?["max_seq_length"] {
            guard let number = value as? Int, number >= 2 else {
                throw EncoderError(.invalidField(expected: "an integer of at least 2"), location: sentenceConfig.path + ": max_seq_length")
            }
            maximum = number
        }
        maximumTokens = min(maximum, encoder.configuration.maximumSequenceLength)

        let pooling = base.appendingPathComponent("1_Pooling/config.json")
        if let object = try Self.optionalJSONObject(pooling) {
            guard object["pooling_mode_mean_tokens"] as? Bool == true,
                  ["pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens"].allSatisfy({ object[$0] as? Bool != true })
            else {
                throw EncoderError(.unsupported("pooling other than mean over tokens"), location: pooling.path)
            }
        }
    }

    /// The tokens a sequence starts and ends with, as tokenizer.json's post-processor
    /// writes them: BERT's template `[CLS] $A [SEP]`, RoBERTa's (MPNet's) `<s> $A </s>`.
    static func boundaryTokens(postProcessor: [String: Any]?) -> (String, String) {
        let fallback = ("[CLS]", "[SEP]")
        guard let processor = postProcessor else { return fallback }
        if let cls = (processor["cls"] as? [Any])?.first as? String, let sep = (processor["sep"] as? [Any])?.first as? String {
            return (cls, sep)  // RobertaProcessing, BertProcessing
        }
        let special = { (piece: Any?) in ((piece as? [String: Any])?["SpecialToken"] as? [String: Any])?["id"] as? String }
        if let single = processor["single"] as? [Any], let first = special(single.first), let last = special(single.last) {
            return (first, last)  // TemplateProcessing
        }
        return fallback
    }

    /// The JSON object in an optional file: nil when the file does not exist,
    /// an error when it exists but cannot be read or is not a JSON object
    /// (a broken file is never silently replaced by defaults).
    private static func optionalJSONObject(_ url: URL) throws(EncoderError) -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
                throw EncoderError(.invalidConfiguration(reason: "the top level is not an object"), location: url.path)
            }
            return object
        } catch let error as EncoderError {
            throw error
        } catch {
            throw EncoderError(.invalidConfiguration(reason: error.localizedDescription), location: url.path)
        }
    }

    /// Width of the embeddings.
    public var dimension: Int { encoder.configuration.hiddenSize }


    /// One unit-length embedding per token sequence, batched into as few passes
    /// as `tokensPerPass` allows. Sequences are complete model inputs
    /// ([CLS] … [SEP]), unpadded.
    public func embed(tokenIDs sequences: [[Int32]]) throws -> [[Float]] {
        try encoder.validate(sequences)  // before any work, so errors name the caller's indices
        var result: [[Float]] = []
        result.reserveCapacity(sequences.count)
        var start = 0
        while start < sequences.count {
            var end = start
            var tokens = 0
            while end < sequences.count && (end == start || tokens + sequences[end].count <= tokensPerPass) {
                tokens += sequences[end].count
                end += 1
            }
            result += try pooled(Array(sequences[start..<end]))
            start = end
        }
        return result
    }

    /// Mean over each sequence's tokens of the last hidden states, L2-normalised.
    private func pooled(_ sequences: [[Int32]]) throws -> [[Float]] {
        let hidden = try encoder.hiddenStates(for: sequences)
        let h = dimension
        var result: [[Float]] = []
        var t = 0
        for sequence in sequences {
            var sum = [Double](repeating: 0, count: h)
            for _ in 0..<sequence.count {
                for i in 0..<h { sum[i] += Double(hidden[t * h + i]) }
                t += 1
            }
            var mean = sum.map { Float($0 / Double(sequence.count)) }
            EncoderMath.normalize(&mean)
            result.append(mean)
        }
        return result
    }

    /// The model input for `text`: `[CLS]` (`<s>`), the WordPiece tokens of the
    /// text (cut to `maximumTokens - 2`), `[SEP]` (`</s>`). Special-token names written in
    /// the text are ordinary text, so a request cannot inject them.
    public func tokenIDs(for text: String) -> [Int32] {
        var ids = tokenizer.encode(text, addSpecial: false, parseSpecial: false)
        if ids.count > maximumTokens - 2 { ids.removeSubrange((maximumTokens - 2)...) }
        if let cls = tokenizer.bos { ids.insert(cls, at: 0) }
        if let sep = tokenizer.separator { ids.append(sep) }
        return ids
    }

    /// One unit-length embedding per text, all in one batched pass.
    public func embed(_ texts: [String]) throws -> [[Float]] {
        try embed(tokenIDs: texts.map(tokenIDs(for:)))
    }

    /// The cosine of two unit-length embeddings: their dot product, over the shorter length.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                guard let x = a.baseAddress, let y = b.baseAddress else { return 0 }
                return VectorMath.dot(x, y, count: min(a.count, b.count))
            }
        }
    }
}
