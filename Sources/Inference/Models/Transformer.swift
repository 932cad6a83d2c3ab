import CKernels
import Foundation

/// The decoder forward pass shared by every architecture: embeddings, a
/// stack of identical blocks whose variations are `Architecture` switches,
/// final norm and output head.
///
/// One pass can advance several sequences at once (`forward(_: [SequenceStep])`):
/// their tokens are stacked into one batch for every matrix multiplication,
/// so each weight is read once for all of them; only attention is per sequence.
public final class Transformer: @unchecked Sendable {
    // Immutable after init; forward passes only read weights.
    public let parameters: HyperParameters
    let weights: ModelWeights

    /// RoPE of the global layers for caches up to the original context, and
    /// beyond it (LongRoPE's long factors; the same rotation otherwise).
    private let globalRope, globalRopeLong: RotaryEmbedding
    /// RoPE of the sliding-window layers (Gemma 3's local base).
    private let slidingRope: RotaryEmbedding

    public init(file: GGUFFile) throws {
        let p = try HyperParameters(metadata: file.metadata)
        parameters = p
        weights = try ModelWeights(file: file, parameters: p)
        let scaling = p.ropeScaling
        func rope(base: Float, factors: [Float]?) -> RotaryEmbedding {
            RotaryEmbedding(dimensions: p.ropeDimensions, base: base, pairing: p.architecture.ropePairing,
                            frequencyFactors: factors, frequencyScale: scaling.frequencyScale, magnitude: scaling.attentionFactor)
        }
        globalRope = rope(base: p.ropeBase, factors: weights.ropeFrequencies ?? weights.ropeFactorsShort)
        globalRopeLong = rope(base: p.ropeBase, factors: weights.ropeFrequencies ?? weights.ropeFactorsLong)
        slidingRope = rope(base: p.architecture.slidingRopeBase ?? p.ropeBase, factors: weights.ropeFrequencies)
    }

    /// The global RoPE for a sequence whose cache holds `capacity` positions:
    /// as llama.cpp, LongRoPE's long factors apply when the context is longer
    /// than the one the model was pre-trained on.
    private func globalLayerRope(capacity: Int) -> RotaryEmbedding {
        capacity > parameters.ropeScaling.originalContextLength ? globalRopeLong : globalRope
    }

    /// A cache for up to `capacity` positions.
    public func makeCache(capacity: Int) -> KVCache {
        KVCache(layers: parameters.layerCount, capacity: max(1, capacity),
                width: parameters.keyValueHeadCount * parameters.headDimension)
    }

    /// Bytes of keys and values a cache for `capacity` positions holds.
    public func cacheByteCount(capacity: Int) -> Int {
        KVCache.byteCount(layers: parameters.layerCount, positions: max(1, capacity),
                          width: parameters.keyValueHeadCount * parameters.headDimension)
    }

    /// Which positions' logits a forward pass returns.
    public enum Logits: Sendable, Equatable {
        case none, last, all
        /// The last `n` positions' (a speculative round verifies its proposals at once).
        case trailing(Int)

        /// Rows returned for a step of `tokens` tokens.
        func rowCount(tokens: Int) -> Int {
            switch self {
            case .none: return 0
            case .last: return min(1, tokens)
            case .all: return tokens
            case .trailing(let n): return min(max(0, n), tokens)
            }
        }
    }

    /// New tokens for one sequence, appended at `cache.count`.
    public struct SequenceStep {
        public let cache: KVCache
        public let tokens: [Int32]
        public let logits: Logits

        public init(cache: KVCache, tokens: [Int32], logits: Logits = .last) {
            self.cache = cache
            self.tokens = tokens
            self.logits = logits
        }
    }

    /// Runs `tokens` at positions `cache.count ..< cache.count + tokens.count`,
    /// appends their keys and values to the cache, and returns the logits
    /// requested, (positions, vocab) row-major.
    public func forward(_ tokens: [Int32], cache: KVCache, logits: Logits = .last) throws -> [Float] {
        try forward([SequenceStep(cache: cache, tokens: tokens, logits: logits)])[0]
    }

    /// Rows (tokens over all sequences) computed together in one pass:
    /// enough to keep every weight load busy, few enough that activation
    /// buffers stay a few MiB whatever the batch (a 16-sequence prefill is
    /// several passes, not one 2048-row pass).
    static let rowsPerPass = 512

    /// Advances every sequence by its tokens, all sequences' rows stacked
    /// into passes of up to `rowsPerPass`; returns each sequence's requested
    /// logits, (positions, vocab) row-major. Checks every step before any
    /// cache changes.
    public func forward(_ steps: [SequenceStep]) throws -> [[Float]] {
        for (index, step) in steps.enumerated() {
            guard !step.cache.isFrozen else { throw ModelError.cacheFrozen }
            guard step.cache.count + step.tokens.count <= step.cache.capacity else {
                throw ModelError.contextFull(capacity: step.cache.capacity)
            }
            guard steps[..<index].allSatisfy({ $0.cache !== step.cache }) else {
                throw ModelError.cacheRepeatedInBatch
            }
            for id in step.tokens where id < 0 || Int(id) >= parameters.vocabularySize {
                throw ModelError.invalidToken(id: id, vocabularySize: parameters.vocabularySize)
            }
        }
        // A step longer than the room left in a pass continues in the next
        // one (its cache has advanced by then); the pieces holding its last
        // rows ask for those rows' logits.
        var results = steps.map { _ in [Float]() }
        var pending: [(index: Int, step: SequenceStep)] = []
        var rowsInPass = 0
        func flush() {
            guard !pending.isEmpty else { return }
            let logits = forwardPass(pending.map(\.step))
            for (piece, entry) in zip(logits, pending) { results[entry.index] += piece }
            pending = []
            rowsInPass = 0
        }
        for (index, step) in steps.enumerated() {
            var offset = 0
            repeat {
                let take = min(step.tokens.count - offset, Self.rowsPerPass - rowsInPass)
                let piece = Array(step.tokens[offset..<(offset + take)])
                // The wanted rows are the step's last ones: this piece's share of them is its own last.
                let wanted = step.logits.rowCount(tokens: step.tokens.count)
                let here = max(0, offset + take - max(offset, step.tokens.count - wanted))
                pending.append((index, SequenceStep(cache: step.cache, tokens: piece, logits: here == 0 ? .none : .trailing(here))))
                rowsInPass += take
                offset += take
                if rowsInPass == Self.rowsPerPass { flush() }
            } while offset < step.tokens.count
        }
        flush()
        return results
    }

    /// One pass over checked steps whose rows fit together; each step's logits.
    private func forwardPass(_ steps: [SequenceStep]) -> [[Float]] {
        let p = parameters
        var rows: [(step: Int, position: Int)] = []
        for (index, step) in steps.enumerated() {
            for t in step.tokens.indices { rows.append((index, step.cache.count + t)) }
        }
        let n = rows.count
        guard n > 0 else { return steps.map { _ in [] } }
        let tokens = steps.flatMap(\.tokens)
        let embd = p.embeddingWidth
        let qWidth = p.headCount * p.headDimension
        let kvWidth = p.keyValueHeadCount * p.headDimension

        let a = PassActivations(rows: n, parameters: p)
        defer { a.deallocate() }

        let embeddingScale: Float = p.architecture.scalesEmbeddings ? Float(embd).squareRoot() : 1
        for (t, id) in tokens.enumerated() {
            let row = a.x + t * embd
            weights.tokenEmbedding.row(Int(id), into: row)
            if embeddingScale != 1 { for i in 0..<embd { row[i] *= embeddingScale } }
        }

        let caches = rows.map { steps[$0.step].cache }
        let positions = rows.map(\.position)
        let globalAngles = rows.indices.map { globalLayerRope(capacity: caches[$0].capacity).angles(position: positions[$0]) }
        let slidingAngles = p.architecture.slidingRopeBase == nil ? globalAngles : positions.map { slidingRope.angles(position: $0) }

        for (index, layer) in weights.layers.enumerated() {
            let sliding = p.isSlidingLayer(index)
            // Attention sub-block.
            rmsNormRows(a.x, weight: layer.attentionNorm, rows: n, into: a.normed)
            WeightMatrix.multiply([layer.query.product(into: a.q), layer.key.product(into: a.k), layer.value.product(into: a.v)],
                                  input: QuantizedActivations(a.normed, tokens: n, columns: embd))
            addBias(layer.queryBias, to: a.q, rows: n)
            addBias(layer.keyBias, to: a.k, rows: n)
            addBias(layer.valueBias, to: a.v, rows: n)
            if let queryNorm = layer.queryNorm { rmsNormRows(a.q, weight: queryNorm, rows: n * p.headCount, into: a.q) }
            if let keyNorm = layer.keyNorm { rmsNormRows(a.k, weight: keyNorm, rows: n * p.keyValueHeadCount, into: a.k) }
            let angles = sliding ? slidingAngles : globalAngles
            for t in 0..<n {
                // apply() only pairs dimensions; the angles carry base, factors and scaling.
                globalRope.apply(a.q + t * qWidth, heads: p.headCount, headDimension: p.headDimension, cos: angles[t].cos, sin: angles[t].sin)
                globalRope.apply(a.k + t * kvWidth, heads: p.keyValueHeadCount, headDimension: p.headDimension, cos: angles[t].cos, sin: angles[t].sin)
                caches[t].store(layer: index, position: positions[t], keys: a.k + t * kvWidth, values: a.v + t * kvWidth)
            }
            attend(queries: a.q, layer: index, caches: caches, positions: positions, window: sliding ? p.slidingWindow : nil,
                   into: a.attention)
            layer.attentionOutput.multiply(a.attention, tokens: n, into: a.projected)
            addBias(layer.attentionOutputBias, to: a.projected, rows: n)
            if let postNorm = layer.postAttentionNorm { rmsNormRows(a.projected, weight: postNorm, rows: n, into: a.projected) }
            VectorMath.add(a.projected, into: a.x, count: n * embd)

            // Feed-forward sub-block: down(act(gate(x)) · up(x)).
            rmsNormRows(a.x, weight: layer.feedForwardNorm, rows: n, into: a.normed)
            WeightMatrix.multiply([layer.gate.product(into: a.gate), layer.up.product(into: a.up)],
                                  input: QuantizedActivations(a.normed, tokens: n, columns: embd))
            switch p.architecture.activation {
            case .silu: VectorMath.siluGated(a.gate, up: a.up, count: n * p.feedForwardWidth)
            case .gelu: VectorMath.geluGated(a.gate, up: a.up, count: n * p.feedForwardWidth)
            }
            layer.down.multiply(a.gate, tokens: n, into: a.projected)
            if let postNorm = layer.postFeedForwardNorm { rmsNormRows(a.projected, weight: postNorm, rows: n, into: a.projected) }
            VectorMath.add(a.projected, into: a.x, count: n * embd)
        }
        for step in steps { step.cache.count += step.tokens.count }

        // Output head on the rows asked for, all sequences in one multiplication.
        var selected: [Int] = []
        var first = 0
        for step in steps {
            let count = step.logits.rowCount(tokens: step.tokens.count)
            selected.append(contentsOf: (first + step.tokens.count - count)..<(first + step.tokens.count))
            first += step.tokens.count
        }
        // The selected rows, normed, into `normed` (selected.count ≤ n rows).
        for (i, row) in selected.enumerated() {
            VectorMath.rmsNorm(a.x + row * embd, weight: weights.outputNorm, count: embd, epsilon: p.normEpsilon, into: a.normed + i * embd)
        }
        let vocab = p.vocabularySize
        var all = [Float](repeating: 0, count: selected.count * vocab)
        if !selected.isEmpty {
            all.withUnsafeMutableBufferPointer {
                weights.output.multiply(a.normed, tokens: selected.count, into: $0.baseAddress!)
                addBias(weights.outputBias, to: $0.baseAddress!, rows: selected.count)
            }
        }
        var results: [[Float]] = []
        var offset = 0
        for step in steps {
            let count = step.logits.rowCount(tokens: step.tokens.count)
            results.append(Array(all[(offset * vocab)..<((offset + count) * vocab)]))
            offset += count
        }
        return results
    }

    /// Adds `bias` to each of `rows` rows of `bias.count` floats (nothing when the model has none).
    private func addBias(_ bias: [Float]?, to x: UnsafeMutablePointer<Float>, rows: Int) {
        guard let bias else { return }
        bias.withUnsafeBufferPointer { b in
            for r in 0..<rows { VectorMath.add(b.baseAddress!, into: x + r * b.count, count: b.count) }
        }
    }

    /// RMS-normalises `rows` rows of `weight.count` floats (in place when y is x).
    private func rmsNormRows(_ x: UnsafePointer<Float>, weight: [Float], rows: Int, into y: UnsafeMutablePointer<Float>) {
        let width = weight.count
        for r in 0..<rows {
            VectorMath.rmsNorm(x + r * width, weight: weight, count: width, epsilon: parameters.normEpsilon, into: y + r * width)
        }
    }

    /// Causal (optionally sliding-window) attention of each row over its own
    /// sequence's cache. queries: (rows, heads, headDim) → out: (rows, heads, headDim).
    ///
    /// The query heads sharing a key/value head go through the kernels
    /// together (each cached row converted once for all of them) when there
    /// are enough (row, key/value head) items to keep every thread busy;
    /// otherwise each head is its own item.
    private func attend(queries: UnsafePointer<Float>, layer: Int, caches: [KVCache], positions: [Int], window: Int?,
                        into out: UnsafeMutablePointer<Float>) {
        let p = parameters
        let headDim = p.headDimension
        let group = p.headCount / p.keyValueHeadCount
        let headsPerItem = positions.count * p.keyValueHeadCount >= 2 * Parallel.cores ? group : 1
        let itemsPerRow = p.headCount / headsPerItem
        let scale = p.attentionScale
        let isa = InstructionSet.active.cValue
        let queries = SharedPointer(UnsafeMutablePointer(mutating: queries))
        let output = SharedPointer(out)
        Parallel.forEach(positions.count * itemsPerRow) { item in
            let t = item / itemsPerRow
            let firstHead = (item % itemsPerRow) * headsPerItem
            let cache = caches[t]
            let position = positions[t]
            let first = window.map { max(0, position - $0 + 1) } ?? 0
            let span = position - first + 1
            let kvOffset = (firstHead / group) * headDim
            let width = headsPerItem * headDim
            // scores: (headsPerItem, span), then the queries: (headsPerItem, headDim)
            withUnsafeTemporaryAllocation(of: Float.self, capacity: headsPerItem * span + width) { scratch in
                let scores = scratch.baseAddress!
                let query = scores + headsPerItem * span
                let source = queries.base + (t * p.headCount + firstHead) * headDim
                // The query is rounded to fp16 like the cached keys, as llama.cpp does.
                withUnsafeTemporaryAllocation(of: UInt16.self, capacity: width) { half in
                    ck_f32_to_f16(source, half.baseAddress!, Int64(width))
                    ck_f16_to_f32(half.baseAddress!, query, Int64(width))
                }
                let runs = cache.contiguousRuns(first..<(position + 1))
                for run in runs {
                    ck_attention_scores_f16(isa, query, Int64(headsPerItem), cache.keys(layer: layer, position: run.lowerBound) + kvOffset,
                                            Int64(cache.stride), Int64(run.count), Int64(headDim), scale,
                                            scores + (run.lowerBound - first), Int64(span))
                }
                for h in 0..<headsPerItem { VectorMath.softmax(scores + h * span, count: span) }
                let destination = output.base + (t * p.headCount + firstHead) * headDim
                destination.update(repeating: 0, count: width)
                for run in runs {
                    ck_attention_accumulate_f16(isa, scores + (run.lowerBound - first), Int64(span), Int64(headsPerItem),
                                                cache.values(layer: layer, position: run.lowerBound) + kvOffset,
                                                Int64(cache.stride), Int64(run.count), Int64(headDim), destination)
                }
            }
        }
    }
}

/// The activations of one forward pass, (rows, width) each — carved from
/// one allocation per pass and freed together, handed to the kernels as
/// plain pointers.
private struct PassActivations {
    let x, normed, projected: UnsafeMutablePointer<Float>        // (rows, embd)
    let q, attention: UnsafeMutablePointer<Float>                // (rows, heads · headDim)
    let k, v: UnsafeMutablePointer<Float>                        // (rows, kvHeads · headDim)
    let gate, up: UnsafeMutablePointer<Float>                    // (rows, feedForwardWidth)
    private let storage: UnsafeMutablePointer<Float>

    init(rows n: Int, parameters p: HyperParameters) {
        let qWidth = p.headCount * p.headDimension, kvWidth = p.keyValueHeadCount * p.headDimension
        let widths = [p.embeddingWidth, p.embeddingWidth, p.embeddingWidth, qWidth, qWidth, kvWidth, kvWidth,
                      p.feedForwardWidth, p.feedForwardWidth]
        let storage = UnsafeMutablePointer<Float>.allocate(capacity: max(1, n * widths.reduce(0, +)))
        self.storage = storage
        var buffers: [UnsafeMutablePointer<Float>] = []
        var next = 0
        for width in widths { buffers.append(storage + next); next += n * width }
        (x, normed, projected) = (buffers[0], buffers[1], buffers[2])
        (q, attention, k, v) = (buffers[3], buffers[4], buffers[5], buffers[6])
        (gate, up) = (buffers[7], buffers[8])
    }

    func deallocate() { storage.deallocate() }
}
