/// Q4_1: 32 elements as `d · q + m`, q a 4-bit unsigned nibble.
///
/// Layout (20 bytes, so blocks are only 4-byte aligned by accident):
/// `d: fp16`, `m: fp16`, `qs: [16] UInt8` with the nibble order of Q4_0.
enum BlockQ4_1: BlockFormat {
    static var type: TensorType { .q4_1 }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let m = block.half(at: 2)
        let qs = block + 4
        for j in 0..<16 {
            let packed = qs.byte(at: j)
            y[j] = d * Float(packed & 0x0F) + m
            y[j + 16] = d * Float(packed >> 4) + m
        }
    }
}
