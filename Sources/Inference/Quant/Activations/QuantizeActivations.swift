/// Quantization of float activations to the int8 block formats, following
/// ggml's reference quantizers (`quantize_row_q8_0_ref`, `…q8_1_ref`,
/// `…q8_K_ref`) so that integer dot products see the same integers as
/// llama.cpp.
///
/// Non-finite activations never trap: their quants are clamped to ±127 or
/// set to 0 (a NaN, or anything in a block holding an infinity); such a
/// block's dot product is meaningless, as it is in ggml.
public enum QuantizeActivations {
    /// Quantizes `count` floats (a multiple of `format.blockSize`) into
    /// `destination`, which must hold `format.byteCount(elements: count)`
    /// bytes (no alignment needed).
    public static func row(_ format: ActivationFormat, _ x: UnsafePointer<Float>, count: Int, into destination: UnsafeMutableRawPointer) {
        precondition(count >= 0 && count % format.blockSize == 0,
                     "\(count) activations is not a whole number of \(format) blocks of \(format.blockSize)")
        let blocks = count / format.blockSize
        switch format {
        case .float32:
            for i in 0..<count { destination.storeBytes(of: x[i].bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
        case .q8_0:
            for b in 0..<blocks { q8_0Block(x + 32 * b, into: destination + 34 * b) }
        case .q8_1:
            for b in 0..<blocks { q8_1Block(x + 32 * b, into: destination + 36 * b) }
        case .q8_K:
            for b in 0..<blocks { q8_KBlock(x + 256 * b, into: destination + 292 * b) }
        }
    }

    /// d = max|x| / 127 rounded to fp16, q = round(x / d) (half away from zero).
    static func q8_0Block(_ x: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        let d = largestMagnitude(x, count: 32) / 127
        let inverse: Float = d == 0 ? 0 : 1 / d
        block.storeHalf(d, at: 0)
        for j in 0..<32 {
            block.storeBytes(of: saturatingInt8((x[j] * inverse).rounded()), toByteOffset: 2 + j, as: Int8.self)
        }
    }

    /// As Q8_0, plus s = fp16(d · Σq) computed with the unrounded d.
    static func q8_1Block(_ x: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        let d = largestMagnitude(x, count: 32) / 127
        let inverse: Float = d == 0 ? 0 : 1 / d
        var sum = 0
        for j in 0..<32 {
            let q = saturatingInt8((x[j] * inverse).rounded())
            block.storeBytes(of: q, toByteOffset: 4 + j, as: Int8.self)
            sum += Int(q)
        }
        block.storeHalf(d, at: 0)
        block.storeHalf(Float(sum) * d, at: 2)
    }

    /// The element of largest magnitude maps to ∓127 (ggml uses the signed
    /// extreme, scale −127/max, rounding half to even); d = 1/scale in float32.
    static func q8_KBlock(_ x: UnsafePointer<Float>, into block: UnsafeMutableRawPointer) {
        var extreme: Float = 0, largest: Float = 0
        for j in 0..<256 where abs(x[j]) > largest {
            largest = abs(x[j])
            extreme = x[j]
        }
        guard largest != 0 else {
            block.initializeMemory(as: UInt8.self, repeating: 0, count: ActivationFormat.q8_K.bytesPerBlock)
            return
        }
        let scale = -127 / extreme
        for group in 0..<16 {
            var sum: Int16 = 0
            for l in 0..<16 {
                let j = 16 * group + l
                let q = saturatingInt8((scale * x[j]).rounded(.toNearestOrEven))
                block.storeBytes(of: q, toByteOffset: 4 + j, as: Int8.self)
                sum += Int16(q)
            }
            block.storeBytes(of: sum.littleEndian, toByteOffset: 260 + 2 * group, as: Int16.self)
        }
        block.storeBytes(of: (1 / scale).bitPattern.littleEndian, toByteOffset: 0, as: UInt32.self)
    }

    /// max|x|, ignoring NaNs (as ggml's `MAX` macro does).
    @inline(__always)
    private static func largestMagnitude(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var largest: Float = 0
        for j in 0..<count where abs(x[j]) > largest { largest = abs(x[j]) }
        return largest
    }

    /// An already-rounded value as Int8, clamped to ±127; NaN becomes 0.
    @inline(__always)
    private static func saturatingInt8(_ value: Float) -> Int8 {
        guard value == value else { return 0 }
        return Int8(Swift.max(-127, Swift.min(127, value)))
    }
}

extension UnsafeMutableRawPointer {
    /// Stores `value` as a little-endian fp16 at `offset` (no alignment needed).
    @inline(__always)
    func storeHalf(_ value: Float, at offset: Int) {
        storeBytes(of: Float16Conversion.half(from: value).littleEndian, toByteOffset: offset, as: UInt16.self)
    }
}
