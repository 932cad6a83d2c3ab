/// Q5_0: 32 elements as `d · (q − 16)`, q a 5-bit unsigned value.
///
/// Layout (22 bytes): `d: fp16`, `qh: UInt32` (bit j is the fifth bit of
/// element j), `qs: [16] UInt8` holding the low four bits in Q4_0's order.
enum BlockQ5_0: BlockFormat {
    static var type: TensorType { .q5_0 }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let qh = block.uint32(at: 2)
        let qs = block + 6
        for j in 0..<16 {
            let packed = qs.byte(at: j)
            let low = Int(packed & 0x0F) | Int((qh >> UInt32(j)) & 1) << 4
            let high = Int(packed >> 4) | Int((qh >> UInt32(j + 16)) & 1) << 4
            y[j] = d * Float(low - 16)
            y[j + 16] = d * Float(high - 16)
        }
    }
}
