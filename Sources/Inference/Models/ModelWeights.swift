/// The tensors of a decoder, looked up through the `TensorRole` name table
/// and checked against the hyper-parameters — and the file's tensor list
/// checked against the architecture — before any forward pass touches them.
struct ModelWeights: @unchecked Sendable {
    /// Rows of a weight matrix: a whole matrix, or one part of a fused one
    /// (Phi-3's `attn_qkv`, its gate|up) used in place, without a copy.
    struct Rows {
        let matrix: WeightMatrix
        let range: Range<Int>

        init(_ matrix: WeightMatrix, _ range: Range<Int>? = nil) {
            self.matrix = matrix
            self.range = range ?? 0..<matrix.rows
        }

        func product(into output: UnsafeMutablePointer<Float>) -> MatrixProduct {
            MatrixProduct(matrix, rowRange: range, into: output)
        }
    }

    // Matrices point into the file's mapping, which this struct keeps alive
    // (not the parsed file: its metadata is not needed after loading).
    struct Layer {
        let attentionNorm: [Float]
        let query, key, value: Rows
        let queryBias, keyBias, valueBias: [Float]?     // Qwen 2
        let attentionOutput: WeightMatrix
        let attentionOutputBias: [Float]?
        let queryNorm, keyNorm: [Float]?                // (headDim) Gemma 3, Qwen 3
        let postAttentionNorm: [Float]?                 // Gemma 2/3
        let feedForwardNorm: [Float]
        let gate, up: Rows
        let down: WeightMatrix
        let postFeedForwardNorm: [Float]?               // Gemma 2/3
    }

    let mapping: MappedFile
    let tokenEmbedding: WeightMatrix                    // (vocab, embd)
    let outputNorm: [Float]
    let output: WeightMatrix                            // (vocab, embd); the embedding when tied
    let outputBias: [Float]?                            // (vocab)
    /// RoPE frequency divisors, (ropeDims/2): Llama 3.1's, or Phi-3's short and long sets.
    let ropeFrequencies: [Float]?
    let ropeFactorsShort, ropeFactorsLong: [Float]?
    let layers: [Layer]

    init(file: GGUFFile, parameters p: HyperParameters) throws {
        mapping = file.storage
        let arch = p.architecture
        let embd = p.embeddingWidth
        let qWidth = p.headCount * p.headDimension
        let kvWidth = p.keyValueHeadCount * p.headDimension
        let ff = p.feedForwardWidth
        try Self.checkTensorList(of: file, architecture: arch, layers: p.layerCount)

        func has(_ role: TensorRole, _ layer: Int? = nil) -> Bool {
            arch.allows(role) && file.tensor(named: role.name(layer: layer)) != nil
        }
        func matrix(_ role: TensorRole, _ layer: Int? = nil, rows: Int, columns: Int) throws -> WeightMatrix {
            let name = role.name(layer: layer)
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
        func vector(_ role: TensorRole, _ layer: Int? = nil, count: Int) throws -> [Float] {
            let name = role.name(layer: layer)
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
        /// An optional tensor: loaded when the file has it (required ones always).
        func optionalVector(_ role: TensorRole, _ layer: Int? = nil, count: Int) throws -> [Float]? {
            arch.requires(role) || has(role, layer) ? try vector(role, layer, count: count) : nil
        }

        // The metadata (the vocabulary, mostly) was parsed into `file.metadata`.
        file.storage.releasePages(UnsafeRawBufferPointer(rebasing: file.storage.bytes[0..<file.dataOffset]))
        tokenEmbedding = try matrix(.tokenEmbedding, rows: p.vocabularySize, columns: embd)
        outputNorm = try vector(.outputNorm, count: embd)
        output = has(.output) ? try matrix(.output, rows: p.vocabularySize, columns: embd) : tokenEmbedding
        outputBias = try optionalVector(.outputBias, count: p.vocabularySize)
        let pairs = p.ropeDimensions / 2
        ropeFrequencies = try optionalVector(.ropeFrequencies, count: pairs)
        ropeFactorsShort = try optionalVector(.ropeFactorsShort, count: pairs)
        ropeFactorsLong = try optionalVector(.ropeFactorsLong, count: pairs)
        guard (ropeFactorsShort == nil) == (ropeFactorsLong == nil) else {
            throw ModelError.missingTensor(name: (ropeFactorsShort == nil ? TensorRole.ropeFactorsShort : .ropeFactorsLong).name())
        }

        layers = try (0..<p.layerCount).map { i in
            // Q, K, V: three matrices, or row ranges of one fused (q + 2·kv, embd) matrix.
            let query, key, value: Rows
            var queryBias, keyBias, valueBias: [Float]?
            if has(.queryKeyValue, i) {
                let fused = try matrix(.queryKeyValue, i, rows: qWidth + 2 * kvWidth, columns: embd)
                (query, key, value) = (Rows(fused, 0..<qWidth), Rows(fused, qWidth..<(qWidth + kvWidth)),
                                       Rows(fused, (qWidth + kvWidth)..<fused.rows))
                if let bias = try optionalVector(.queryKeyValueBias, i, count: qWidth + 2 * kvWidth) {
                    (queryBias, keyBias, valueBias) = (Array(bias[0..<qWidth]), Array(bias[qWidth..<(qWidth + kvWidth)]),
                                                       Array(bias[(qWidth + kvWidth)...]))
                }
            } else {
                query = Rows(try matrix(.query, i, rows: qWidth, columns: embd))
                key = Rows(try matrix(.key, i, rows: kvWidth, columns: embd))
                value = Rows(try matrix(.value, i, rows: kvWidth, columns: embd))
            }
            queryBias = try queryBias ?? optionalVector(.queryBias, i, count: qWidth)
            keyBias = try keyBias ?? optionalVector(.keyBias, i, count: kvWidth)
            valueBias = try valueBias ?? optionalVector(.valueBias, i, count: kvWidth)

            // Gate and up: two matrices, or one (2·ff, embd) matrix, gate rows first.
            let gate, up: Rows
            if has(.gate, i) || arch.requires(.gate) {
                gate = Rows(try matrix(.gate, i, rows: ff, columns: embd))
                up = Rows(try matrix(.up, i, rows: ff, columns: embd))
            } else {
                let fused = try matrix(.up, i, rows: 2 * ff, columns: embd)
                (gate, up) = (Rows(fused, 0..<ff), Rows(fused, ff..<(2 * ff)))
            }
            return Layer(
                attentionNorm: try vector(.attentionNorm, i, count: embd),
                query: query, key: key, value: value,
                queryBias: queryBias, keyBias: keyBias, valueBias: valueBias,
                attentionOutput: try matrix(.attentionOutput, i, rows: embd, columns: qWidth),
                attentionOutputBias: try optionalVector(.attentionOutputBias, i, count: embd),
                queryNorm: try optionalVector(.queryNorm, i, count: p.headDimension),
                keyNorm: try optionalVector(.keyNorm, i, count: p.headDimension),
                postAttentionNorm: try optionalVector(.postAttentionNorm, i, count: embd),
                feedForwardNorm: try vector(.feedForwardNorm, i, count: embd),
                gate: gate, up: up,
                down: try matrix(.down, i, rows: embd, columns: ff),
                postFeedForwardNorm: try optionalVector(.postFeedForwardNorm, i, count: embd))
        }
    }

    /// Every tensor of the file must be one the architecture knows (a tensor
    /// this build would ignore means a different model than the file's), and
    /// each layer's Q/K/V must be either separate or fused, not both.
    private static func checkTensorList(of file: GGUFFile, architecture arch: Architecture, layers: Int) throws {
        var known: Set<String> = []
        for role in TensorRole.allCases where arch.allows(role) {
            if role.isPerLayer {
                for layer in 0..<layers { known.insert(role.name(layer: layer)) }
            } else {
                known.insert(role.name())
            }
        }
        for tensor in file.tensors where !known.contains(tensor.name) {
            throw ModelError.unexpectedTensor(name: tensor.name, architecture: arch.name)
        }
        for layer in 0..<layers where file.tensor(named: TensorRole.queryKeyValue.name(layer: layer)) != nil {
            for role in [TensorRole.query, .key, .value] where file.tensor(named: role.name(layer: layer)) != nil {
                throw ModelError.unexpectedTensor(name: role.name(layer: layer), architecture: arch.name)
            }
        }
    }
}
