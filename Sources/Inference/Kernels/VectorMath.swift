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

    /// In-place softmax over `count` values (SIMD on the active instruction set).
    static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        ck_softmax(InstructionSet.active.cValue, x, Int64(count))
    }

    /// x[i] += y[i] (the residual connection).
    static func add(_ y: UnsafePointer<Float>, into x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] += y[i] }
    }

    /// gate[i] = silu(gate[i]) · up[i] (SwiGLU), SIMD on the active
    /// instruction set; a prompt's rows (millions of values at 1B scale) are
    /// split over the cores.
    static func siluGated(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int,
                          instructionSet: InstructionSet = .active) {
        // Chunks of whole 64s: where the SIMD loop hands its tail to the scalar
        // one must not depend on the split, or results would.
        let chunks = Parallel.chunkCount(for: count, minimum: 1 << 16)
        let size = ((count + chunks - 1) / chunks + 63) & ~63
        let (g, u) = (SharedPointer(gate), SharedPointer(UnsafeMutablePointer(mutating: up)))
        Parallel.forEach(chunks) { chunk in
            let start = chunk * size
            if start < count { ck_silu_gated(instructionSet.cValue, g.base + start, u.base + start, Int64(min(size, count - start))) }
        }
    }

    /// GELU, tanh approximation (what Gemma was trained with).
    @inline(__always)
    static func gelu(_ x: Float) -> Float {
        let c: Float = 0.797_884_560_802_865_4 // sqrt(2/π)
        return 0.5 * x * (1 + tanhf(c * x * (1 + 0.044715 * x * x)))
    }

    /// GELU as llama.cpp's CPU backend evaluates it: on the input rounded to
    /// fp16, with the result rounded to fp16, and exact outside (-10, 10).
    /// Matching it keeps Gemma's logits within the reference's own noise.
    /// The slow reference of `geluGated`.
    static func geluFP16(_ x: Float) -> Float {
        if x <= -10 { return 0 }
        if x >= 10 { return x }
        return Float(Float16(gelu(Float(Float16(x)))))
    }

    /// geluFP16 of every fp16 bit pattern (256 KiB), built once.
    static let geluTable: [Float] = (0..<65536).map { bits in
        geluFP16(Float(Float16(bitPattern: UInt16(bits))))
    }

    /// gate[i] = geluFP16(gate[i]) · up[i]: the input is rounded to fp16 by the
    /// SIMD converter and looked up in `geluTable` (Swift's scalar fp16
    /// conversions are library calls, far too slow for every FFN activation).
    static func geluGated(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: count) { half in
            ck_f32_to_f16(gate, half.baseAddress!, Int64(count))
            geluTable.withUnsafeBufferPointer { table in
                for i in 0..<count {
                    let x = gate[i]
                    // Outside (-10, 10) the exact values (fp16 would round x itself).
                    let g = x <= -10 ? 0 : x >= 10 ? x : table[Int(half[i])]
                    gate[i] = g * up[i]
                }
            }
        }
    }
}
