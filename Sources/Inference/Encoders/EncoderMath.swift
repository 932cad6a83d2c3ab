import Foundation

/// The element-wise pieces of a BERT block.
enum EncoderMath {
    /// y = (x − mean) / sqrt(var + ε) · scale + shift over one row, in place
    /// allowed. Statistics are accumulated in Double: BERT's ε (1e-12) is far
    /// below Float's rounding of the variance, so precision comes from there.
    static func layerNorm(_ x: UnsafeMutablePointer<Float>, count: Int, weights: LayerNormWeights, epsilon: Float) {
        var sum = 0.0
        for i in 0..<count { sum += Double(x[i]) }
        let mean = sum / Double(count)
        var squares = 0.0
        for i in 0..<count {
            let d = Double(x[i]) - mean
            squares += d * d
        }
        let inverse = Float(1 / (squares / Double(count) + Double(epsilon)).squareRoot())
        let m = Float(mean)
        let scale = weights.scale.base, shift = weights.shift.base
        for i in 0..<count { x[i] = (x[i] - m) * inverse * scale[i] + shift[i] }
    }

    /// GELU in its exact form, x·Φ(x) = x/2·(1 + erf(x/√2)): what
    /// transformers' "gelu" computes (the tanh form is "gelu_new").
    @inline(__always)
    static func geluExact(_ x: Float) -> Float {
        0.5 * x * (1 + erff(x * 0.707_106_781_186_547_5))
    }

    /// x ← x / ‖x‖₂ (unchanged when the norm is below 1e-12, as torch's normalize).
    static func normalize(_ x: inout [Float]) {
        var squares = 0.0
        for value in x { squares += Double(value) * Double(value) }
        let norm = max(squares.squareRoot(), 1e-12)
        for i in x.indices { x[i] = Float(Double(x[i]) / norm) }
    }
}
