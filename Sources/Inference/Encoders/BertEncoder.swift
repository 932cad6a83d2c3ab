import Foundation

/// A BERT-family encoder (post-LayerNorm, absolute positions, bidirectional
/// attention; MPNet's relative-position bias when its architecture has one)
/// computing the last hidden states of token sequences.
///
/// A batch is laid out as its sequences concatenated, with no padding: the
/// dense layers run over every token of every sequence in one pass, and
/// attention only lets each token see the tokens of its own sequence. That is
/// exactly what an attention mask over a padded batch computes, without the
/// wasted rows.
public final class BertEncoder: Sendable {
    public let configuration: BertConfiguration
    let weights: BertWeights
    /// Keeps the mapping alive for the F32 weights read in place.
    private let file: SafeTensorsFile

    /// Loads `config.json` and `model.safetensors` from `directory`.
    public init(directory: String) throws(EncoderError) {
        let base = URL(fileURLWithPath: directory)
        configuration = try BertConfiguration(contentsOf: base.appendingPathComponent("config.json").path)
        let weightsPath = base.appendingPathComponent("model.safetensors").path
        do {
            file = try SafeTensorsFile(contentsOf: weightsPath)
        } catch {
            throw EncoderError(.weights(error), location: weightsPath)
        }
        weights = try BertWeights(file: file, configuration: configuration)
    }

    /// Checks every sequence: not empty, within the position table, ids in the vocabulary.
    func validate(_ sequences: [[Int32]]) throws(EncoderError) {
        let c = configuration
        for (s, sequence) in sequences.enumerated() {
            guard !sequence.isEmpty else { throw EncoderError(.emptySequence, location: "sequence \(s)") }
            guard sequence.count <= c.maximumSequenceLength else {
                throw EncoderError(.sequenceTooLong(length: sequence.count, maximum: c.maximumSequenceLength), location: "sequence \(s)")
            }
            if let p = sequence.firstIndex(where: { $0 < 0 || Int($0) >= c.vocabularySize }) {
                throw EncoderError(.tokenOutOfRange(id: sequence[p], vocabularySize: c.vocabularySize), location: "sequence \(s), position \(p)")
            }
        }
    }

    /// The last hidden states, (total tokens, hidden size) row-major, of the
    /// sequences in order. Every sequence is one segment (token type 0).
    public func hiddenStates(for sequences: [[Int32]]) throws(EncoderError) -> [Float] {
        try validate(sequences)
        let c = configuration
        let h = c.hiddenSize
        let tokens = sequences.reduce(0) { $0 + $1.count }
        var starts: [Int] = []
        var offset = 0
        for sequence in sequences {
            starts.append(offset)
            offset += sequence.count
        }

        let buffers = ActivationBuffers(tokens: tokens, hiddenSize: h, intermediateSize: c.intermediateSize)
        let x = buffers.hidden, q = buffers.query, k = buffers.key, v = buffers.value
        let context = buffers.context, projected = buffers.projected, intermediate = buffers.intermediate
        let lengths = sequences.map(\.count)
        let bias = RelativeBiasTable(weights: weights, configuration: c, longest: lengths.max() ?? 0)
        embed(sequences, into: x)
        for layer in weights.layers {
            DenseKernel.apply(layer.query, to: x, tokens: tokens, into: q)
            DenseKernel.apply(layer.key, to: x, tokens: tokens, into: k)
            DenseKernel.apply(layer.value, to: x, tokens: tokens, into: v)
            attend(q: q, k: k, v: v, bias: bias, sequenceStarts: starts, lengths: lengths, into: context)
            DenseKernel.apply(layer.attentionOutput, to: context, tokens: tokens, into: projected)
            addAndNormalize(projected, into: x, tokens: tokens, weights: layer.attentionNorm)
            DenseKernel.apply(layer.intermediate, to: x, tokens: tokens, into: intermediate)
            for i in 0..<(tokens * c.intermediateSize) { intermediate[i] = EncoderMath.geluExact(intermediate[i]) }
            DenseKernel.apply(layer.output, to: intermediate, tokens: tokens, into: projected)
            addAndNormalize(projected, into: x, tokens: tokens, weights: layer.outputNorm)
        }
        // The buffers must outlive every use of their raw pointers above.
        return withExtendedLifetime(buffers) { Array(UnsafeBufferPointer(start: x, count: tokens * h)) }
    }

    /// x[t] = LayerNorm(word[id] + position[offset + p] + tokenType[0]) (no token type in MPNet).
    private func embed(_ sequences: [[Int32]], into x: UnsafeMutablePointer<Float>) {
        let h = configuration.hiddenSize
        var t = 0
        for sequence in sequences {
            for (position, id) in sequence.enumerated() {
                let row = x + t * h
                let word = weights.wordEmbeddings.base + Int(id) * h
                let place = weights.positionEmbeddings.base + (configuration.positionOffset + position) * h
                for i in 0..<h { row[i] = word[i] + place[i] }
                if let type = weights.tokenTypeEmbeddings?.base {
                    for i in 0..<h { row[i] += type[i] }
                }
                EncoderMath.layerNorm(row, count: h, weights: weights.embeddingNorm, epsilon: configuration.layerNormEpsilon)
                t += 1
            }
        }
    }

    /// x[t] = LayerNorm(x[t] + y[t]): BERT's post-norm residual.
    private func addAndNormalize(_ y: UnsafePointer<Float>, into x: UnsafeMutablePointer<Float>, tokens: Int, weights norm: LayerNormWeights) {
        let h = configuration.hiddenSize
        for t in 0..<tokens {
            let row = x + t * h
            for i in 0..<h { row[i] += y[t * h + i] }
            EncoderMath.layerNorm(row, count: h, weights: norm, epsilon: configuration.layerNormEpsilon)
        }
    }

    /// Multi-head scaled dot-product attention, each (sequence, head) pair on
    /// its own core; a token attends to every token of its sequence and no other.
    /// With a relative-position bias, score(i, j) += bias[head][j − i].
    private func attend(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, bias: RelativeBiasTable?,
        sequenceStarts: [Int], lengths: [Int], into context: UnsafeMutablePointer<Float>
    ) {
        let heads = configuration.headCount
        let d = configuration.headSize
        let h = configuration.hiddenSize
        let scale = 1 / Float(d).squareRoot()
        let (q, k, v) = (SharedPointer(UnsafeMutablePointer(mutating: q)), SharedPointer(UnsafeMutablePointer(mutating: k)), SharedPointer(UnsafeMutablePointer(mutating: v)))
        let output = SharedPointer(context)
        Parallel.forEach(sequenceStarts.count * heads) { item in
            let s = item / heads, head = item % heads
            let start = sequenceStarts[s], length = lengths[s]
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: length)
            defer { scores.deallocate() }
            for i in 0..<length {
                let query = q.base + (start + i) * h + head * d
                for j in 0..<length {
                    scores[j] = VectorMath.dot(query, k.base + (start + j) * h + head * d, count: d) * scale
                }
                if let bias {
                    for j in 0..<length { scores[j] += bias.value(head: head, distance: j - i) }
                }
                VectorMath.softmax(scores, count: length)
                let out = output.base + (start + i) * h + head * d
                for e in 0..<d { out[e] = 0 }
                for j in 0..<length {
                    let value = v.base + (start + j) * h + head * d
                    let p = scores[j]
                    for e in 0..<d { out[e] += p * value[e] }
                }
            }
        }
    }
}

/// MPNet's bias per (head, key − query distance) for distances up to the
/// longest sequence of a pass, looked up once from the bucket table:
/// (heads, 2 · longest − 1), distance −(longest − 1) first.
private struct RelativeBiasTable: Sendable {
    let values: [Float]
    let longest: Int

    init?(weights: BertWeights, configuration c: BertConfiguration, longest: Int) {
        guard let table = weights.relativeAttentionBias, longest > 0 else { return nil }
        let width = 2 * longest - 1
        var values = [Float](repeating: 0, count: c.headCount * width)
        for index in 0..<width {
            let bucket = EncoderArchitecture.relativeBucket(distance: index - (longest - 1), buckets: c.relativeAttentionBuckets)
            for head in 0..<c.headCount { values[head * width + index] = table.base[bucket * c.headCount + head] }
        }
        self.values = values
        self.longest = longest
    }

    func value(head: Int, distance: Int) -> Float {
        values[head * (2 * longest - 1) + distance + longest - 1]
    }
}

/// The activations of one forward pass, allocated once and reused by every layer.
private final class ActivationBuffers {
    let hidden, query, key, value, context, projected, intermediate: UnsafeMutablePointer<Float>
    private let storage: UnsafeMutablePointer<Float>

    init(tokens: Int, hiddenSize: Int, intermediateSize: Int) {
        let row = tokens * hiddenSize
        storage = .allocate(capacity: max(1, 6 * row + tokens * intermediateSize))
        storage.initialize(repeating: 0, count: max(1, 6 * row + tokens * intermediateSize))
        (hidden, query, key, value) = (storage, storage + row, storage + 2 * row, storage + 3 * row)
        (context, projected, intermediate) = (storage + 4 * row, storage + 5 * row, storage + 6 * row)
    }

    deinit { storage.deallocate() }
}
