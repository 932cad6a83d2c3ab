/// Q4_K: 256 elements in 8 sub-blocks of 32, each `d·sc · q − dmin·m` with
/// a 4-bit q and 6-bit scale `sc` and min `m` per sub-block.
///
/// Layout (144 bytes): `d: fp16`, `dmin: fp16`, `scales: [12] UInt8` (see
/// `KQuantScales.scaleAndMin6`), `qs: [128] UInt8`. Each 32 bytes of `qs`
/// hold two sub-blocks: low nibbles first, then high nibbles.
enum BlockQ4_K: BlockFormat {
    static var type: TensorType { .q4_K }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let dmin = block.half(at: 2)
        let scales = block + 4
        for pair in 0..<4 {
            let q = block + 16 + 32 * pair
            let (scaleLow, minLow) = KQuantScales.scaleAndMin6(2 * pair, scales)
            let (scaleHigh, minHigh) = KQuantScales.scaleAndMin6(2 * pair + 1, scales)
            let d1 = d * Float(scaleLow), m1 = dmin * Float(minLow)
            let d2 = d * Float(scaleHigh), m2 = dmin * Float(minHigh)
            let out = y + 64 * pair
            for l in 0..<32 {
                let packed = q.byte(at: l)
                out[l] = d1 * Float(packed & 0x0F) - m1
                out[l + 32] = d2 * Float(packed >> 4) - m2
            }
        }
    }
}
