/// Q5_K: 256 elements in 8 sub-blocks of 32, each `d·sc · q − dmin·m` with
/// a 5-bit q and 6-bit scale and min per sub-block.
///
/// Layout (176 bytes): `d: fp16`, `dmin: fp16`, `scales: [12] UInt8` (as
/// Q4_K), `qh: [32] UInt8`, `qs: [128] UInt8` (low nibbles as Q4_K). Bit `s`
/// of `qh[l]` is the fifth bit of element `32·s + l`.
enum BlockQ5_K: BlockFormat {
    static var type: TensorType { .q5_K }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let dmin = block.half(at: 2)
        let scales = block + 4
        let qh = block + 16
        for pair in 0..<4 {
            let q = block + 48 + 32 * pair
            let (scaleLow, minLow) = KQuantScales.scaleAndMin6(2 * pair, scales)
            let (scaleHigh, minHigh) = KQuantScales.scaleAndMin6(2 * pair + 1, scales)
            let d1 = d * Float(scaleLow), m1 = dmin * Float(minLow)
            let d2 = d * Float(scaleHigh), m2 = dmin * Float(minHigh)
            let bitLow = UInt8(1) << UInt8(2 * pair)
            let bitHigh = bitLow << 1
            let out = y + 64 * pair
            for l in 0..<32 {
                let packed = q.byte(at: l)
                let high = qh.byte(at: l)
                let valueLow = (packed & 0x0F) | (high & bitLow != 0 ? 16 : 0)
                let valueHigh = (packed >> 4) | (high & bitHigh != 0 ? 16 : 0)
                out[l] = d1 * Float(valueLow) - m1
                out[l + 32] = d2 * Float(valueHigh) - m2
            }
        }
    }
}
