/// Q3_K: 256 elements in 16 sub-blocks of 16, each `d·(sc − 32) · q` with a
/// signed 3-bit q in −4…3 and a 6-bit scale per sub-block.
///
/// Layout (110 bytes): `hmask: [32] UInt8`, `qs: [64] UInt8`,
/// `scales: [12] UInt8` (see `KQuantScales.scale3K`), `d: fp16`. The low two
/// bits of q are packed like Q2_K; q loses 4 when its `hmask` bit is *clear*
/// (bit `k` of `hmask[l]` belongs to element `32·k + l`).
enum BlockQ3_K: BlockFormat {
    static var type: TensorType { .q3_K }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 108)
        let hmask = block
        let scales = block + 96
        var out = 0
        var subBlock = 0
        var maskBit: UInt8 = 1
        for half in 0..<2 {
            let q = block + 32 + 32 * half
            for shift in stride(from: 0, to: 8, by: 2) {
                for part in 0..<2 {
                    let dl = d * Float(KQuantScales.scale3K(subBlock, scales))
                    for l in 0..<16 {
                        let index = 16 * part + l
                        let low = Int((q.byte(at: index) >> UInt8(shift)) & 3)
                        let value = hmask.byte(at: index) & maskBit != 0 ? low : low - 4
                        y[out + l] = dl * Float(value)
                    }
                    out += 16
                    subBlock += 1
                }
                maskBit <<= 1
            }
        }
    }
}
