/// y = x·Wᵀ + b for a batch of tokens, the matmul that dominates the encoder.
///
/// x is (tokens, inputs), W is (outputs, inputs) row-major, y is (tokens, outputs).
enum DenseKernel {
    /// Fast path: rows of W are split across cores; each core computes a
    /// 2-row × 4-token tile at a time so every loaded weight vector serves
    /// four tokens and every activation vector two rows.
    static func apply(_ layer: DenseLayer, to x: UnsafePointer<Float>, tokens: Int, into y: UnsafeMutablePointer<Float>) {
        let rows = layer.outputs
        let pairs = (rows + 1) / 2
        let chunks = Parallel.chunkCount(for: pairs, minimum: 8)
        let pairsPerChunk = (pairs + chunks - 1) / chunks
        let output = SharedPointer(y)
        let input = SharedPointer(UnsafeMutablePointer(mutating: x))
        Parallel.forEach(chunks) { chunk in
            let start = chunk * pairsPerChunk * 2
            let end = min(start + pairsPerChunk * 2, rows)
            guard start < end else { return }
            tile(layer, x: UnsafePointer(input.base), tokens: tokens, rows: start..<end, y: output.base)
        }
    }

    private static func tile(_ layer: DenseLayer, x: UnsafePointer<Float>, tokens: Int, rows: Range<Int>, y: UnsafeMutablePointer<Float>) {
        let n = layer.inputs
        let w = layer.weight.base
        let b = layer.bias.base
        let outputs = layer.outputs
        var r = rows.lowerBound
        while r < rows.upperBound {
            let rowCount = min(2, rows.upperBound - r)
            var t = 0
            while t < tokens {
                let tokenCount = min(4, tokens - t)
                if rowCount == 2 && tokenCount == 4 {
                    let d = dots2x4(w + r * n, w + (r + 1) * n, x + t * n, inputs: n)
                    for j in 0..<4 {
                        y[(t + j) * outputs + r] = d[j] + b[r]
                        y[(t + j) * outputs + r + 1] = d[4 + j] + b[r + 1]
                    }
                } else {
                    for i in 0..<rowCount {
                        for j in 0..<tokenCount {
                            y[(t + j) * outputs + r + i] = VectorMath.dot(x + (t + j) * n, w + (r + i) * n, count: n) + b[r + i]
                        }
                    }
                }
                t += tokenCount
            }
            r += rowCount
        }
    }

    /// Dot products of two weight rows with four consecutive token rows:
    /// lanes 0–3 are row 0 with tokens 0–3, lanes 4–7 row 1.
    /// Multiply then add (not fused): without compile-time FMA a fused
    /// SIMD multiply-add would become a per-lane library call.
    @inline(__always)
    private static func dots2x4(_ w0: UnsafePointer<Float>, _ w1: UnsafePointer<Float>, _ x: UnsafePointer<Float>, inputs n: Int) -> SIMD8<Float> {
        typealias V = SIMD4<Float>
        var a00 = V(), a01 = V(), a02 = V(), a03 = V()
        var a10 = V(), a11 = V(), a12 = V(), a13 = V()
        let x0 = x, x1 = x + n, x2 = x + 2 * n, x3 = x + 3 * n
        var i = 0
        while i + 4 <= n {
            let u = UnsafeRawPointer(w0 + i).loadUnaligned(as: V.self)
            let v = UnsafeRawPointer(w1 + i).loadUnaligned(as: V.self)
            let p0 = UnsafeRawPointer(x0 + i).loadUnaligned(as: V.self)
            let p1 = UnsafeRawPointer(x1 + i).loadUnaligned(as: V.self)
            let p2 = UnsafeRawPointer(x2 + i).loadUnaligned(as: V.self)
            let p3 = UnsafeRawPointer(x3 + i).loadUnaligned(as: V.self)
            a00 += u * p0; a01 += u * p1; a02 += u * p2; a03 += u * p3
            a10 += v * p0; a11 += v * p1; a12 += v * p2; a13 += v * p3
            i += 4
        }
        var result = SIMD8<Float>(
            a00.sum(), a01.sum(), a02.sum(), a03.sum(),
            a10.sum(), a11.sum(), a12.sum(), a13.sum())
        while i < n {  // tail when inputs is not a multiple of 4
            result[0] += w0[i] * x0[i]; result[1] += w0[i] * x1[i]; result[2] += w0[i] * x2[i]; result[3] += w0[i] * x3[i]
            result[4] += w1[i] * x0[i]; result[5] += w1[i] * x1[i]; result[6] += w1[i] * x2[i]; result[7] += w1[i] * x3[i]
            i += 1
        }
        return result
    }

    /// Slow reference: one scalar dot product per output, in Double.
    static func applyReference(_ layer: DenseLayer, to x: UnsafePointer<Float>, tokens: Int, into y: UnsafeMutablePointer<Float>) {
        for t in 0..<tokens {
            for r in 0..<layer.outputs {
                var sum = Double(layer.bias.base[r])
                for i in 0..<layer.inputs {
                    sum += Double(x[t * layer.inputs + i]) * Double(layer.weight.base[r * layer.inputs + i])
                }
                y[t * layer.outputs + r] = Float(sum)
            }
        }
    }
}
