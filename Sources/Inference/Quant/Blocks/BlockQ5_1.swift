/// Q5_1: 32 elements as `d · q + m`, q a 5-bit unsigned value.
///
/// Layout (24 bytes): `d: fp16`, `m: fp16`, `qh: UInt32` (fifth bits),
/// `qs: [16] UInt8` (low four bits in Q4_0's order).
enum BlockQ5_1: BlockFormat {
    static var type: TensorType { .q5_1 }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let m = block.half(at: 2)
        let qh = block.uint32(at: 4)
        let qs = block + 8
        for j in 0..<16 {
            let packed = qs.byte(at: j)
            let low = UInt32(packed & 0x0F) | ((qh >> UInt32(j)) & 1) << 4
            let high = UInt32(packed >> 4) | ((qh >> UInt32(j + 16)) & 1) << 4
            y[j] = d * Float(low) + m
            y[j + 16] = d * Float(high) + m
        }
    }
}
