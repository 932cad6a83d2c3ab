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

/// One transformer block of a post-LayerNorm BERT-family encoder.
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

/// Every tensor of a BERT-family encoder, by the Hugging Face names its
/// architecture table gives, each checked against the shape the configuration
/// implies. F32 weights stay in the mapping; F16/BF16 are widened once at load.
struct BertWeights: Sendable {
    let wordEmbeddings: FloatTensor
    let positionEmbeddings: FloatTensor
    /// nil when the architecture has no token types.
    let tokenTypeEmbeddings: FloatTensor?
    /// (buckets, heads): MPNet's relative-position bias, shared by every layer.
    let relativeAttentionBias: FloatTensor?
    let embeddingNorm: LayerNormWeights
    let layers: [BertLayerWeights]

    init(file: SafeTensorsFile, configuration c: BertConfiguration) throws(EncoderError) {
        let names = c.architecture
        // Checkpoints saved from a task model (BertForX, MPNetForX) prefix every name.
        let prefix = file.tensor(named: names.wordEmbeddings) == nil
            && file.tensor(named: names.taskPrefix + names.wordEmbeddings) != nil ? names.taskPrefix : ""
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
        wordEmbeddings = try tensor(names.wordEmbeddings, [c.vocabularySize, h])
        positionEmbeddings = try tensor(names.positionEmbeddings, [c.maximumPositions, h])
        tokenTypeEmbeddings = try names.tokenTypeEmbeddings.map { name throws(EncoderError) in try tensor(name, [c.tokenTypeCount, h]) }
        relativeAttentionBias = try names.relativeAttentionBias.map { name throws(EncoderError) in
            try tensor(name, [c.relativeAttentionBuckets, c.headCount])
        }
        embeddingNorm = try norm(names.embeddingNorm)
        var layers: [BertLayerWeights] = []
        for i in 0..<c.layerCount {
            let p = "encoder.layer.\(i)."
            layers.append(BertLayerWeights(
                query: try dense(p + names.query, inputs: h, outputs: h),
                key: try dense(p + names.key, inputs: h, outputs: h),
                value: try dense(p + names.value, inputs: h, outputs: h),
                attentionOutput: try dense(p + names.attentionOutput, inputs: h, outputs: h),
                attentionNorm: try norm(p + names.attentionNorm),
                intermediate: try dense(p + names.intermediate, inputs: h, outputs: c.intermediateSize),
                output: try dense(p + names.output, inputs: c.intermediateSize, outputs: h),
                outputNorm: try norm(p + names.outputNorm)))
        }
        self.layers = layers
    }
}
