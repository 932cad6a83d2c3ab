import Foundation

/// Sentence embeddings as sentence-transformers' all-MiniLM-L6-v2 pipeline
/// computes them: BERT's last hidden states, mean-pooled over the tokens of
/// each sequence (padding never counts), then L2-normalised, so the cosine
/// similarity of two embeddings is their dot product.
public final class SentenceEncoder: Sendable {
    public let encoder: BertEncoder

    /// Loads the model in `directory` (config.json, model.safetensors).
    ///
    /// A sentence-transformers pooling config (`1_Pooling/config.json`), when
    /// present, must ask for mean pooling: another pooling would give vectors
    /// this encoder does not compute, so it is an error, not a fallback.
    public init(directory: String) throws {
        encoder = try BertEncoder(directory: directory)
        let pooling = URL(fileURLWithPath: directory).appendingPathComponent("1_Pooling/config.json")
        if let data = try? Data(contentsOf: pooling) {
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            guard (object?["pooling_mode_mean_tokens"] as? Bool) == true,
                  (object?["pooling_mode_cls_token"] as? Bool) != true,
                  (object?["pooling_mode_max_tokens"] as? Bool) != true,
                  (object?["pooling_mode_mean_sqrt_len_tokens"] as? Bool) != true else {
                throw EncoderError(.unsupported("pooling other than mean over tokens"), location: pooling.path)
            }
        }
    }

    /// Width of the embeddings.
    public var dimension: Int { encoder.configuration.hiddenSize }

    /// One unit-length embedding per token sequence, all computed in one pass.
    /// Sequences are complete model inputs ([CLS] … [SEP]), unpadded.
    public func embed(tokenIDs sequences: [[Int32]]) throws -> [[Float]] {
        let hidden = try encoder.hiddenStates(for: sequences)
        let h = dimension
        var result: [[Float]] = []
        result.reserveCapacity(sequences.count)
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
}
