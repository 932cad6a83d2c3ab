import CKernels
import Foundation

/// Small float kernels of the forward pass. Each works on raw pointers so
/// callers can address rows of larger buffers without copies.
enum VectorMath {
    /// Σ a[i]·b[i], accumulated in 16 lanes (the compiler keeps them in vector registers).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD16<Float>(repeating: 0)
        var i = 0
        while i + 16 <= count {
            acc.addProduct(
                UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Float>.self),
                UnsafeRawPointer(b + i).loadUnaligned(as: SIMD16<Float>.self))
            i += 16
        }
        var sum = acc.sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// y = x / sqrt(mean(x²) + eps) · weight, in place allowed (x may equal y).
    static func rmsNorm(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, count: Int, epsilon: Float, into y: UnsafeMutablePointer<Float>) {
        var sumSquares: Float = 0
        for i in 0..<count { sumSquares += x[i] * x[i] }
        let scale = 1 / (sumSquares / Float(count) + epsilon).squareRoot()
        for i in 0..<count { y[i] = x[i] * scale * weight[i] }
    }

    /// In-place softmax over `count` values.
    static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var maximum = -Float.infinity
        for i in 0..<count { maximum = max(maximum, x[i]) }
        var sum: Float = 0
        for i in 0..<count {
            x[i] = expf(x[i] - maximum)
            sum += x[i]
        }
        let inverse = 1 / sum
        for i in 0..<count { x[i] *= inverse }
    }

    @inline(__always)
    static func silu(_ x: Float) -> Float { x / (1 + expf(-x)) }

    /// GELU, tanh approximation (what Gemma was trained with).
    @inline(__always)
    static func gelu(_ x: Float) -> Float {
        let c: Float = 0.797_884_560_802_865_4 // sqrt(2/π)
        return 0.5 * x * (1 + tanhf(c * x * (1 + 0.044715 * x * x)))
    }

    /// GELU as llama.cpp's CPU backend evaluates it: through an fp16 table,
    /// i.e. on the input rounded to fp16, with the result rounded to fp16, and
    /// exact outside (-10, 10). Matching it keeps Gemma's logits within the
    /// reference's own noise.
    @inline(__always)
    static func geluFP16(_ x: Float) -> Float {
        if x <= -10 { return 0 }
        if x >= 10 { return x }
        return Float(Float16(gelu(Float(Float16(x)))))
    }

    /// y[i] += x[i]
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += x[i] }
    }
}

extension VectorMath {
    /// Σ a[i]·b[i] with b in fp16 (hardware conversion in CKernels: Swift's
    /// Float16 → Float is a library call per element on x86).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float16>, count: Int) -> Float {
        b.withMemoryRebound(to: UInt16.self, capacity: count) { ck_dot_f32_f16(a, $0, Int64(count)) }
    }

    /// y[i] += w·x[i] with x in fp16 (the value half of attention).
    @inline(__always)
    static func addScaled(_ x: UnsafePointer<Float16>, by w: Float, into y: UnsafeMutablePointer<Float>, count: Int) {
        x.withMemoryRebound(to: UInt16.self, capacity: count) { ck_add_scaled_f16(w, $0, y, Int64(count)) }
    }
}
