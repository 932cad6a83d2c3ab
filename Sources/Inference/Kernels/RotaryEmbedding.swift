import Foundation

/// Rotary position embedding (RoPE).
///
/// Two pairings exist: `interleaved` rotates (x[2i], x[2i+1]) — llama's GGUF
/// files store Q/K rows permuted for it — and `halves` rotates (x[i], x[i+d/2])
/// as GPT-NeoX and Gemma do.
public struct RotaryEmbedding: Sendable {
    public enum Pairing: Sendable { case interleaved, halves }

    public let dimensions: Int
    public let base: Float
    public let pairing: Pairing
    /// Per-frequency divisors (dimensions/2 of them): Llama 3.1's `rope_freqs`, Phi-3's LongRoPE factors.
    public let frequencyFactors: [Float]?
    /// Multiplies every angle (linear scaling: 1 / factor).
    public let frequencyScale: Float
    /// Multiplies cos and sin (LongRoPE's attention factor).
    public let magnitude: Float

    public init(dimensions: Int, base: Float, pairing: Pairing, frequencyFactors: [Float]? = nil,
                frequencyScale: Float = 1, magnitude: Float = 1) {
        precondition(frequencyFactors.map { $0.count == dimensions / 2 } ?? true, "one factor per rotated pair")
        self.dimensions = dimensions
        self.base = base
        self.pairing = pairing
        self.frequencyFactors = frequencyFactors
        self.frequencyScale = frequencyScale
        self.magnitude = magnitude
    }

    /// cos and sin of s·(position·θᵢ / fᵢ), times the magnitude, for i in
    /// 0..<dimensions/2, θᵢ = base^(-2i/d). θ is built by repeated
    /// multiplication in Float and scaled in llama.cpp's order, so angles
    /// agree with the reference to the last bit at long positions (with no
    /// factors and no scaling every extra step is exact).
    func angles(position: Int) -> (cos: [Float], sin: [Float]) {
        let half = dimensions / 2
        var cosines = [Float](repeating: 0, count: half)
        var sines = [Float](repeating: 0, count: half)
        let thetaScale = powf(base, -2 / Float(dimensions))
        var theta = Float(position)
        for i in 0..<half {
            let angle = frequencyScale * (theta / (frequencyFactors?[i] ?? 1))
            cosines[i] = cosf(angle) * magnitude
            sines[i] = sinf(angle) * magnitude
            theta *= thetaScale
        }
        return (cosines, sines)
    }

    /// Rotates `heads` vectors of `headDimension` floats laid out back to back.
    func apply(_ x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int, cos: [Float], sin: [Float]) {
        let half = dimensions / 2
        for h in 0..<heads {
            let v = x + h * headDimension
            for i in 0..<half {
                let (a, b) = pairing == .interleaved ? (2 * i, 2 * i + 1) : (i, i + half)
                let x0 = v[a], x1 = v[b]
                v[a] = x0 * cos[i] - x1 * sin[i]
                v[b] = x0 * sin[i] + x1 * cos[i]
            }
        }
    }
}
