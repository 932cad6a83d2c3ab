/// Q4_0: 32 elements as `d · (q − 8)`, q a 4-bit unsigned nibble.
///
/// Layout (18 bytes): `d: fp16`, `qs: [16] UInt8`. Element j < 16 is the low
/// nibble of `qs[j]`, element j + 16 its high nibble.
enum BlockQ4_0: BlockFormat {
    static var type: TensorType { .q4_0 }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let qs = block + 2
        for j in 0..<16 {
            let packed = qs.byte(at: j)
            y[j] = d * Float(Int(packed & 0x0F) - 8)
            y[j + 16] = d * Float(Int(packed >> 4) - 8)
        }
    }
}
