/// Q2_K: 256 elements in 16 sub-blocks of 16, each `d·sc · q − dmin·m`
/// with a 2-bit q and a 4-bit scale `sc` and min `m` per sub-block.
///
/// Layout (84 bytes): `scales: [16] UInt8` (low nibble scale, high nibble
/// min), `qs: [64] UInt8`, `d: fp16`, `dmin: fp16`. Each 128-element half
/// uses 32 bytes of `qs`; bit pair `2·k` of byte l is element `32·k + l`.
enum BlockQ2_K: BlockFormat {
    static var type: TensorType { .q2_K }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 80)
        let dmin = block.half(at: 82)
        var out = 0
        var subBlock = 0
        for half in 0..<2 {
            let q = block + 16 + 32 * half
            for shift in stride(from: 0, to: 8, by: 2) {
                for part in 0..<2 {  // two sub-blocks of 16 per bit pair
                    let packed = block.byte(at: subBlock)
                    let dl = d * Float(packed & 0x0F)
                    let ml = dmin * Float(packed >> 4)
                    for l in 0..<16 {
                        let value = (q.byte(at: 16 * part + l) >> UInt8(shift)) & 3
                        y[out + l] = dl * Float(value) - ml
                    }
                    out += 16
                    subBlock += 1
                }
            }
        }
    }
}
