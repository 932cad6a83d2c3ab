/// The tensors of a decoder, looked up by their GGUF names and checked
/// against the hyper-parameters before any forward pass touches them.
struct ModelWeights: @unchecked Sendable {
    // Matrices point into the file's mapping, which this struct keeps alive
    // (not the parsed file: its metadata is not needed after loading).
    struct Layer {
        let attentionNorm: [Float]
        let query, key, value, attentionOutput: WeightMatrix
        let queryNorm, keyNorm: [Float]?            // (headDim) Gemma 3
        let postAttentionNorm: [Float]?             // Gemma 2/3
        let feedForwardNorm: [Float]
        let gate, up, down: WeightMatrix
        let postFeedForwardNorm: [Float]?           // Gemma 2/3
    }

    let mapping: MappedFile
    let tokenEmbedding: WeightMatrix                // (vocab, embd)
    let outputNorm: [Float]
    let output: WeightMatrix                        // (vocab, embd); the embedding when tied
    let layers: [Layer]

    init(file: GGUFFile, parameters p: HyperParameters) throws {
        mapping = file.storage
        let arch = p.architecture
        let embd = p.embeddingWidth
        let qWidth = p.headCount * p.headDimension
        let kvWidth = p.keyValueHeadCount * p.headDimension

        func matrix(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix {
            guard let info = file.tensor(named: name) else { throw ModelError.missingTensor(name: name) }
            guard info.dimensions == [columns, rows] else {
                throw ModelError.tensorShape(name: name, expected: [columns, rows], found: info.dimensions)
            }
            let data = file.data(of: info)
            let matrix = WeightMatrix(type: info.type, data: data.baseAddress!, rows: rows, columns: columns)
            // Products and embedding lookups read the repacked copy: let the
            // mapped original go, so weights are resident once.
            if matrix.packed != nil { file.storage.releasePages(data) }
            return matrix
        }
        func vector(_ name: String, count: Int) throws -> [Float] {
            guard let info = file.tensor(named: name) else { throw ModelError.missingTensor(name: name) }
            guard info.dimensions == [count] else {
                throw ModelError.tensorShape(name: name, expected: [count], found: info.dimensions)
            }
            let data = file.data(of: info)
            defer { file.storage.releasePages(data) }  // copied: the mapped pages can go
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                Dequantize.row(info.type, from: data.baseAddress!, count: count, into: buffer.baseAddress!)
                initialized = count
            }
        }
        func optionalVector(_ name: String, count: Int, when present: Bool) throws -> [Float]? {
            present ? try vector(name, count: count) : nil
        }

        // The metadata (the vocabulary, mostly) was parsed into `file.metadata`.
        file.storage.releasePages(UnsafeRawBufferPointer(rebasing: file.storage.bytes[0..<file.dataOffset]))
        tokenEmbedding = try matrix("token_embd.weight", rows: p.vocabularySize, columns: embd)
        outputNorm = try vector("output_norm.weight", count: embd)
        output = file.tensor(named: "output.weight") == nil
            ? tokenEmbedding
            : try matrix("output.weight", rows: p.vocabularySize, columns: embd)
        layers = try (0..<p.layerCount).map { i in
            let b = "blk.\(i)."
            return Layer(
                attentionNorm: try vector(b + "attn_norm.weight", count: embd),
                query: try matrix(b + "attn_q.weight", rows: qWidth, columns: embd),
                key: try matrix(b + "attn_k.weight", rows: kvWidth, columns: embd),
                value: try matrix(b + "attn_v.weight", rows: kvWidth, columns: embd),
                attentionOutput: try matrix(b + "attn_output.weight", rows: embd, columns: qWidth),
                queryNorm: try optionalVector(b + "attn_q_norm.weight", count: p.headDimension, when: arch.normalizesQueryKey),
                keyNorm: try optionalVector(b + "attn_k_norm.weight", count: p.headDimension, when: arch.normalizesQueryKey),
                postAttentionNorm: try optionalVector(b + "post_attention_norm.weight", count: embd, when: arch.normalizesBlockOutputs),
                feedForwardNorm: try vector(b + "ffn_norm.weight", count: embd),
                gate: try matrix(b + "ffn_gate.weight", rows: p.feedForwardWidth, columns: embd),
                up: try matrix(b + "ffn_up.weight", rows: p.feedForwardWidth, columns: embd),
                down: try matrix(b + "ffn_down.weight", rows: embd, columns: p.feedForwardWidth),
                postFeedForwardNorm: try optionalVector(b + "post_ffw_norm.weight", count: embd, when: arch.normalizesBlockOutputs))
        }
    }
}
