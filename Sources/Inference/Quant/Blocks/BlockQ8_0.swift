/// Q8_0: 32 elements as `d · q`, q a signed byte.
///
/// Layout (34 bytes): `d: fp16`, `qs: [32] Int8`.
enum BlockQ8_0: BlockFormat {
    static var type: TensorType { .q8_0 }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        for j in 0..<32 {
            y[j] = Float(block.signedByte(at: 2 + j)) * d
        }
    }
}
