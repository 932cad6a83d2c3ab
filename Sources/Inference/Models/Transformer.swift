import Foundation

/// The decoder forward pass shared by every architecture: embeddings, a
/// stack of identical blocks whose variations are `Architecture` switches,
/// final norm and output head.
public final class Transformer: @unchecked Sendable {
    // Immutable after init; forward passes only read weights.
    public let parameters: HyperParameters
    let weights: ModelWeights

    public init(file: GGUFFile) throws {
        parameters = try HyperParameters(metadata: file.metadata)
        weights = try ModelWeights(file: file, parameters: parameters)
    }

    /// A cache for up to `capacity` positions.
    public func makeCache(capacity: Int) -> KVCache {
        KVCache(layers: parameters.layerCount, capacity: max(1, capacity),
                width: parameters.keyValueHeadCount * parameters.headDimension)
    }

    /// Which positions' logits a forward pass returns.
    public enum Logits: Sendable {
        case none, last, all
    }

    /// Runs `tokens` at positions `cache.count ..< cache.count + tokens.count`,
    /// appends their keys and values to the cache, and returns the logits
    /// requested, (positions, vocab) row-major.
    public func forward(_ tokens: [Int32], cache: KVCache, logits: Logits = .last) throws -> [Float] {
        let p = parameters
        let n = tokens.count
        guard n > 0 else { return [] }
        guard cache.count + n <= cache.capacity else { throw ModelError.contextFull(capacity: cache.capacity) }
        for id in tokens where id < 0 || Int(id) >= p.vocabularySize {
            throw ModelError.invalidToken(id: id, vocabularySize: p.vocabularySize)
        }
        let embd = p.embeddingWidth
        let qWidth = p.headCount * p.headDimension
        let kvWidth = p.keyValueHeadCount * p.headDimension
        let start = cache.count

        // Activations of the whole batch: (n, width) each.
        var x = [Float](repeating: 0, count: n * embd)
        var normed = [Float](repeating: 0, count: n * embd)
        var q = [Float](repeating: 0, count: n * qWidth)
        var k = [Float](repeating: 0, count: n * kvWidth)
        var v = [Float](repeating: 0, count: n * kvWidth)
        var attention = [Float](repeating: 0, count: n * qWidth)
        var projected = [Float](repeating: 0, count: n * embd)
        var gate = [Float](repeating: 0, count: n * p.feedForwardWidth)
        var up = [Float](repeating: 0, count: n * p.feedForwardWidth)

        let embeddingScale: Float = p.architecture.scalesEmbeddings ? Float(embd).squareRoot() : 1
        x.withUnsafeMutableBufferPointer { x in
            for (t, id) in tokens.enumerated() {
                let row = x.baseAddress! + t * embd
                weights.tokenEmbedding.row(Int(id), into: row)
                if embeddingScale != 1 { for i in 0..<embd { row[i] *= embeddingScale } }
            }
        }

        let globalRope = RotaryEmbedding(dimensions: p.ropeDimensions, base: p.ropeBase, pairing: p.architecture.ropePairing)
        let slidingRope = RotaryEmbedding(dimensions: p.ropeDimensions, base: p.architecture.slidingRopeBase ?? p.ropeBase,
                                          pairing: p.architecture.ropePairing)
        let globalAngles = (0..<n).map { globalRope.angles(position: start + $0) }
        let slidingAngles = p.architecture.slidingRopeBase == nil ? globalAngles : (0..<n).map { slidingRope.angles(position: start + $0) }

        for (index, layer) in weights.layers.enumerated() {
            let sliding = p.isSlidingLayer(index)
            // Attention sub-block.
            rmsNormRows(x, weight: layer.attentionNorm, rows: n, into: &normed)
            normed.withUnsafeBufferPointer { input in
                q.withUnsafeMutableBufferPointer { layer.query.multiply(input.baseAddress!, tokens: n, into: $0.baseAddress!) }
                k.withUnsafeMutableBufferPointer { layer.key.multiply(input.baseAddress!, tokens: n, into: $0.baseAddress!) }
                v.withUnsafeMutableBufferPointer { layer.value.multiply(input.baseAddress!, tokens: n, into: $0.baseAddress!) }
            }
            if let queryNorm = layer.queryNorm { rmsNormRows(q, weight: queryNorm, rows: n * p.headCount, into: &q) }
            if let keyNorm = layer.keyNorm { rmsNormRows(k, weight: keyNorm, rows: n * p.keyValueHeadCount, into: &k) }
            let rope = sliding ? slidingRope : globalRope
            let angles = sliding ? slidingAngles : globalAngles
            q.withUnsafeMutableBufferPointer { q in
                k.withUnsafeMutableBufferPointer { k in
                    for t in 0..<n {
                        rope.apply(q.baseAddress! + t * qWidth, heads: p.headCount, headDimension: p.headDimension, cos: angles[t].cos, sin: angles[t].sin)
                        rope.apply(k.baseAddress! + t * kvWidth, heads: p.keyValueHeadCount, headDimension: p.headDimension, cos: angles[t].cos, sin: angles[t].sin)
                    }
                }
            }
            k.withUnsafeBufferPointer { k in
                v.withUnsafeBufferPointer { v in
                    for t in 0..<n {
                        cache.store(layer: index, position: start + t, keys: k.baseAddress! + t * kvWidth, values: v.baseAddress! + t * kvWidth)
                    }
                }
            }
            let window = sliding ? p.slidingWindow : nil
            q.withUnsafeBufferPointer { q in
                attention.withUnsafeMutableBufferPointer { out in
                    attend(queries: q.baseAddress!, layer: index, firstPosition: start, tokens: n, window: window, cache: cache, into: out.baseAddress!)
                }
            }
            attention.withUnsafeBufferPointer { input in
                projected.withUnsafeMutableBufferPointer { layer.attentionOutput.multiply(input.baseAddress!, tokens: n, into: $0.baseAddress!) }
            }
            if let postNorm = layer.postAttentionNorm { rmsNormRows(projected, weight: postNorm, rows: n, into: &projected) }
            for i in 0..<(n * embd) { x[i] += projected[i] }

            // Feed-forward sub-block: down(act(gate(x)) · up(x)).
            rmsNormRows(x, weight: layer.feedForwardNorm, rows: n, into: &normed)
            normed.withUnsafeBufferPointer { input in
                gate.withUnsafeMutableBufferPointer { layer.gate.multiply(input.baseAddress!, tokens: n, into: $0.baseAddress!) }
                up.withUnsafeMutableBufferPointer { layer.up.multiply(input.baseAddress!, tokens: n, into: $0.baseAddress!) }
            }
            switch p.architecture.activation {
            case .silu: for i in 0..<gate.count { gate[i] = VectorMath.silu(gate[i]) * up[i] }
            case .gelu: for i in 0..<gate.count { gate[i] = VectorMath.geluFP16(gate[i]) * up[i] }
            }
            gate.withUnsafeBufferPointer { input in
                projected.withUnsafeMutableBufferPointer { layer.down.multiply(input.baseAddress!, tokens: n, into: $0.baseAddress!) }
            }
            if let postNorm = layer.postFeedForwardNorm { rmsNormRows(projected, weight: postNorm, rows: n, into: &projected) }
            for i in 0..<(n * embd) { x[i] += projected[i] }
        }
        cache.count = start + n

        // Output head on the positions asked for.
        let rows: Range<Int>
        switch logits {
        case .none: return []
        case .last: rows = (n - 1)..<n
        case .all: rows = 0..<n
        }
        let selected = Array(x[(rows.lowerBound * embd)..<(rows.upperBound * embd)])
        var finalNormed = [Float](repeating: 0, count: selected.count)
        rmsNormRows(selected, weight: weights.outputNorm, rows: rows.count, into: &finalNormed)
        var result = [Float](repeating: 0, count: rows.count * p.vocabularySize)
        finalNormed.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { weights.output.multiply(input.baseAddress!, tokens: rows.count, into: $0.baseAddress!) }
        }
        return result
    }

    /// RMS-normalises `rows` rows of `weight.count` floats.
    private func rmsNormRows(_ x: [Float], weight: [Float], rows: Int, into y: inout [Float]) {
        let width = weight.count
        let epsilon = parameters.normEpsilon
        x.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                y.withUnsafeMutableBufferPointer { y in
                    for r in 0..<rows {
                        VectorMath.rmsNorm(x.baseAddress! + r * width, weight: w.baseAddress!, count: width, epsilon: epsilon, into: y.baseAddress! + r * width)
                    }
                }
            }
        }
    }

    /// Causal (optionally sliding-window) attention of each new token over the
    /// cache. queries: (tokens, heads, headDim) → out: (tokens, heads, headDim).
    private func attend(queries: UnsafePointer<Float>, layer: Int, firstPosition: Int, tokens: Int, window: Int?,
                        cache: KVCache, into out: UnsafeMutablePointer<Float>) {
        let p = parameters
        let headDim = p.headDimension
        let group = p.headCount / p.keyValueHeadCount
        let scale = p.attentionScale
        let queries = SharedPointer(UnsafeMutablePointer(mutating: queries))
        let output = SharedPointer(out)
        Parallel.forEach(tokens * p.headCount) { item in
            let t = item / p.headCount
            let h = item % p.headCount
            let position = firstPosition + t
            let first = window.map { max(0, position - $0 + 1) } ?? 0
            let span = position - first + 1
            let kvOffset = (h / group) * headDim
            // The query is rounded to fp16 like the cached keys, as llama.cpp does.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: span + headDim) { scratch in
                let s = scratch.baseAddress!
                let query = s + span
                let source = queries.base + (t * p.headCount + h) * headDim
                for d in 0..<headDim { query[d] = Float(Float16(source[d])) }
                for j in 0..<span {
                    s[j] = VectorMath.dot(query, cache.keys(layer: layer, position: first + j) + kvOffset, count: headDim) * scale
                }
                VectorMath.softmax(s, count: span)
                let destination = output.base + (t * p.headCount + h) * headDim
                destination.update(repeating: 0, count: headDim)
                for j in 0..<span {
                    let value = cache.values(layer: layer, position: first + j) + kvOffset
                    let weight = s[j]
                    for d in 0..<headDim { destination[d] += weight * Float(value[d]) }
                }
            }
        }
    }
}
