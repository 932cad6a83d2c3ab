import Foundation

/// What tells one BERT-family encoder from another, as data: where its
/// tensors are, where its positions start, and whether attention adds a
/// learned relative-position bias. One forward pass serves them all.
///
/// - `bert`: absolute positions from 0, token-type embeddings (all-MiniLM-L6-v2).
/// - `mpnet`: positions from `pad_token_id + 1` (RoBERTa's convention), no
///   token types, and a bias per (relative-distance bucket, head) shared by
///   every layer and added to the attention scores (all-mpnet-base-v2).
public struct EncoderArchitecture: Sendable, Equatable {
    /// `model_type` in config.json.
    public let modelType: String
    /// The prefix of checkpoints saved from a task model (`BertForMaskedLM` → "bert.").
    let taskPrefix: String
    let wordEmbeddings = "embeddings.word_embeddings.weight"
    let positionEmbeddings = "embeddings.position_embeddings.weight"
    let embeddingNorm = "embeddings.LayerNorm"
    /// nil: the architecture has no token types.
    let tokenTypeEmbeddings: String?
    /// nil: no relative-position bias.
    let relativeAttentionBias: String?
    /// Per layer, after `encoder.layer.N.`.
    let query, key, value, attentionOutput, attentionNorm: String
    let intermediate = "intermediate.dense"
    let output = "output.dense"
    let outputNorm = "output.LayerNorm"

    public static let bert = EncoderArchitecture(
        modelType: "bert", taskPrefix: "bert.",
        tokenTypeEmbeddings: "embeddings.token_type_embeddings.weight", relativeAttentionBias: nil,
        query: "attention.self.query", key: "attention.self.key", value: "attention.self.value",
        attentionOutput: "attention.output.dense", attentionNorm: "attention.output.LayerNorm")

    public static let mpnet = EncoderArchitecture(
        modelType: "mpnet", taskPrefix: "mpnet.",
        tokenTypeEmbeddings: nil, relativeAttentionBias: "encoder.relative_attention_bias.weight",
        query: "attention.attn.q", key: "attention.attn.k", value: "attention.attn.v",
        attentionOutput: "attention.attn.o", attentionNorm: "attention.LayerNorm")

    public static let all = [bert, mpnet]

    /// MPNet's relative positions farther apart than this share the last bucket
    /// (a constant of the architecture, not in config.json).
    static let relativeMaximumDistance = 128

    /// The bucket of `distance` = key position − query position, as T5 and
    /// MPNet compute it: half the buckets for each direction; within each, exact
    /// distances below a quarter of `buckets`, then logarithmically wider bins
    /// up to `relativeMaximumDistance`.
    static func relativeBucket(distance: Int, buckets: Int) -> Int {
        let half = buckets / 2
        var bucket = distance > 0 ? half : 0
        let n = abs(distance)
        let exact = half / 2
        if n < exact { return bucket + n }
        let scaled = log(Double(n) / Double(exact)) / log(Double(relativeMaximumDistance) / Double(exact))
        bucket += min(exact + Int(scaled * Double(half - exact)), half - 1)
        return bucket
    }
}
