/// A fully connected layer in PyTorch's layout: `weight` is (outputs, inputs),
/// row-major, so output feature r is the dot product of the input with row r.
struct DenseLayer: Sendable {
    let weight: FloatTensor
    let bias: FloatTensor
    let inputs: Int
    let outputs: Int
}

/// LayerNorm's scale and shift.
struct LayerNormWeights: Sendable {
    let scale: FloatTensor
    let shift: FloatTensor
}

/// One transformer block of a post-LayerNorm BERT encoder.
struct BertLayerWeights: Sendable {
    let query: DenseLayer
    let key: DenseLayer
    let value: DenseLayer
    let attentionOutput: DenseLayer
    let attentionNorm: LayerNormWeights
    let intermediate: DenseLayer
    let output: DenseLayer
    let outputNorm: LayerNormWeights
}

/// Every tensor of a BERT encoder, by Hugging Face's names, each checked
/// against the shape the configuration implies. F32 weights stay in the
/// mapping; F16/BF16 are widened once at load.
struct BertWeights: Sendable {
    let wordEmbeddings: FloatTensor
    let positionEmbeddings: FloatTensor
    let tokenTypeEmbeddings: FloatTensor
    let embeddingNorm: LayerNormWeights
    let layers: [BertLayerWeights]

    init(file: SafeTensorsFile, configuration c: BertConfiguration) throws(EncoderError) {
        // Checkpoints saved from BertForX prefix every name with "bert.".
        let prefix = file.tensor(named: "embeddings.word_embeddings.weight") == nil
            && file.tensor(named: "bert.embeddings.word_embeddings.weight") != nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws(EncoderError) -> FloatTensor {
            do {
                return try file.floats(named: prefix + name, shape: shape)
            } catch {
                throw EncoderError(.weights(error), location: file.storage.path ?? "weights")
            }
        }
        func dense(_ name: String, inputs: Int, outputs: Int) throws(EncoderError) -> DenseLayer {
            DenseLayer(
                weight: try tensor(name + ".weight", [outputs, inputs]),
                bias: try tensor(name + ".bias", [outputs]),
                inputs: inputs, outputs: outputs)
        }
        func norm(_ name: String) throws(EncoderError) -> LayerNormWeights {
            LayerNormWeights(scale: try tensor(name + ".weight", [c.hiddenSize]), shift: try tensor(name + ".bias", [c.hiddenSize]))
        }

        let h = c.hiddenSize
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [c.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [c.maximumPositions, h])
        tokenTypeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [c.tokenTypeCount, h])
        embeddingNorm = try norm("embeddings.LayerNorm")
        var layers: [BertLayerWeights] = []
        for i in 0..<c.layerCount {
            let p = "encoder.layer.\(i)."
            layers.append(BertLayerWeights(
                query: try dense(p + "attention.self.query", inputs: h, outputs: h),
                key: try dense(p + "attention.self.key", inputs: h, outputs: h),
                value: try dense(p + "attention.self.value", inputs: h, outputs: h),
                attentionOutput: try dense(p + "attention.output.dense", inputs: h, outputs: h),
                attentionNorm: try norm(p + "attention.output.LayerNorm"),
                intermediate: try dense(p + "intermediate.dense", inputs: h, outputs: c.intermediateSize),
                output: try dense(p + "output.dense", inputs: c.intermediateSize, outputs: h),
                outputNorm: try norm(p + "output.LayerNorm")))
        }
        self.layers = layers
    }
}
