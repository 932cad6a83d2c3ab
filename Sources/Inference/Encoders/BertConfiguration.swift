import Foundation

/// The hyper-parameters of a BERT-family encoder (BERT, MPNet), read from a
/// Hugging Face `config.json` (never assumed: every size comes from the file).
public struct BertConfiguration: Sendable, Equatable {
    public var architecture: EncoderArchitecture
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var maximumPositions: Int
    /// 0 when the architecture has no token types.
    public var tokenTypeCount: Int
    public var layerNormEpsilon: Float
    /// The position-table row of a sequence's first token (MPNet: `pad_token_id + 1`).
    public var positionOffset: Int
    /// Buckets of the relative-position bias (MPNet), 0 without one.
    public var relativeAttentionBuckets: Int

    /// The longest sequence the position table holds.
    public var maximumSequenceLength: Int { maximumPositions - positionOffset }

    /// Width of one attention head.
    public var headSize: Int { hiddenSize / headCount }

    /// Reads and checks `config.json` at `path`.
    public init(contentsOf path: String) throws(EncoderError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw EncoderError(.cannotRead(reason: error.localizedDescription), location: path)
        }
        try self.init(json: data, path: path)
    }

    /// Parses the bytes of a `config.json`; `path` names it in errors.
    public init(json data: Data, path: String = "config.json") throws(EncoderError) {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw EncoderError(.invalidConfiguration(reason: "the top level is not an object"), location: path)
            }
            object = parsed
        } catch let error as EncoderError {
            throw error
        } catch {
            throw EncoderError(.invalidConfiguration(reason: error.localizedDescription), location: path)
        }

        func integer(_ key: String, atLeast minimum: Int) throws(EncoderError) -> Int {
            guard let number = object[key] as? NSNumber, String(cString: number.objCType) != "c",
                  let value = number as? Int, value >= minimum else {
                throw EncoderError(.invalidField(expected: minimum == 1 ? "a positive integer" : "an integer ≥ \(minimum)"),
                                   location: "\(path): \(key)")
            }
            return value
        }
        func positive(_ key: String) throws(EncoderError) -> Int { try integer(key, atLeast: 1) }
        @discardableResult
        func text(_ key: String, allowed: [String], required: Bool) throws(EncoderError) -> String? {
            guard let value = object[key] else {
                if required { throw EncoderError(.invalidField(expected: "one of \(allowed)"), location: "\(path): \(key)") }
                return nil
            }
            guard let string = value as? String else {
                throw EncoderError(.invalidField(expected: "a string"), location: "\(path): \(key)")
            }
            guard allowed.contains(string) else {
                throw EncoderError(.unsupported("\(key) '\(string)' (this encoder implements \(allowed.joined(separator: ", ")))"), location: "\(path): \(key)")
            }
            return string
        }

        let modelType = try text("model_type", allowed: EncoderArchitecture.all.map(\.modelType), required: false) ?? "bert"
        guard let architecture = EncoderArchitecture.all.first(where: { $0.modelType == modelType }) else {
            throw EncoderError(.unsupported("model_type '\(modelType)'"), location: "\(path): model_type")
        }
        self.architecture = architecture
        // "gelu" in transformers is the exact erf form, not the tanh approximation.
        try text("hidden_act", allowed: ["gelu"], required: true)
        try text("position_embedding_type", allowed: ["absolute"], required: false)
        vocabularySize = try positive("vocab_size")
        hiddenSize = try positive("hidden_size")
        layerCount = try positive("num_hidden_layers")
        headCount = try positive("num_attention_heads")
        intermediateSize = try positive("intermediate_size")
        maximumPositions = try positive("max_position_embeddings")
        if architecture.tokenTypeEmbeddings != nil {
            tokenTypeCount = try positive("type_vocab_size")
            positionOffset = 0
        } else {
            tokenTypeCount = 0
            // RoBERTa-style position ids count from the padding id + 1.
            positionOffset = try integer("pad_token_id", atLeast: 0) + 1
            guard positionOffset < maximumPositions else {
                throw EncoderError(.invalidField(expected: "a token id below max_position_embeddings - 1"), location: "\(path): pad_token_id")
            }
        }
        relativeAttentionBuckets = architecture.relativeAttentionBias == nil ? 0 : try positive("relative_attention_num_buckets")
        guard relativeAttentionBuckets == 0 || relativeAttentionBuckets % 4 == 0 else {
            throw EncoderError(.invalidField(expected: "a multiple of 4"), location: "\(path): relative_attention_num_buckets")
        }
        guard let epsilon = (object["layer_norm_eps"] as? NSNumber)?.doubleValue, epsilon > 0, epsilon < 1 else {
            throw EncoderError(.invalidField(expected: "a number in (0, 1)"), location: "\(path): layer_norm_eps")
        }
        layerNormEpsilon = Float(epsilon)
        guard hiddenSize % headCount == 0 else {
            throw EncoderError(
                .invalidField(expected: "a divisor of hidden_size \(hiddenSize) (found \(headCount))"),
                location: "\(path): num_attention_heads")
        }
    }
}
