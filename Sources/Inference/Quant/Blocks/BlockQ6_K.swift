/// Q6_K: 256 elements in 16 sub-blocks of 16, each `d·sc · (q − 32)` with a
/// 6-bit q and a signed 8-bit scale per sub-block.
///
/// Layout (210 bytes): `ql: [128] UInt8` (low four bits), `qh: [64] UInt8`
/// (high two bits), `scales: [16] Int8`, `d: fp16`. Each 128-element half
/// uses 64 bytes of `ql` and 32 of `qh`: for l < 32, element `l + 32·k`
/// takes nibble `k / 2` of `ql[l + 32·(k % 2)]` and bits `2k…2k+1` of `qh[l]`.
enum BlockQ6_K: BlockFormat {
    static var type: TensorType { .q6_K }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 208)
        for half in 0..<2 {
            let ql = block + 64 * half
            let qh = block + 128 + 32 * half
            let scales = block + 192 + 8 * half
            let out = y + 128 * half
            for l in 0..<32 {
                let subBlock = l / 16
                let lowA = ql.byte(at: l), lowB = ql.byte(at: l + 32)
                let high = qh.byte(at: l)
                let q1 = Int((lowA & 0x0F) | ((high >> 0) & 3) << 4) - 32
                let q2 = Int((lowB & 0x0F) | ((high >> 2) & 3) << 4) - 32
                let q3 = Int((lowA >> 4) | ((high >> 4) & 3) << 4) - 32
                let q4 = Int((lowB >> 4) | ((high >> 6) & 3) << 4) - 32
                // (d · scale) first, then · q: the association ggml and gguf use.
                out[l] = d * Float(scales.signedByte(at: subBlock)) * Float(q1)
                out[l + 32] = d * Float(scales.signedByte(at: subBlock + 2)) * Float(q2)
                out[l + 64] = d * Float(scales.signedByte(at: subBlock + 4)) * Float(q3)
                out[l + 96] = d * Float(scales.signedByte(at: subBlock + 6)) * Float(q4)
            }
        }
    }
}
