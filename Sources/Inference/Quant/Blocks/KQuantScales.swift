/// Unpacking of the sub-block scales that K-quant super-blocks store in
/// fewer than eight bits each.
enum KQuantScales {
    /// Scale and min of sub-block `j` (0..<8) of Q4_K / Q5_K: eight 6-bit
    /// pairs in 12 bytes. Bytes 0–3 hold scales 0–3 and bytes 4–7 mins 0–3
    /// in their low six bits; bytes 8–11 hold the low nibbles of scales 4–7
    /// (low half) and mins 4–7 (high half), whose top two bits sit in the
    /// spare top bits of bytes 0–7.
    @inline(__always)
    static func scaleAndMin6(_ j: Int, _ scales: UnsafeRawPointer) -> (scale: UInt8, min: UInt8) {
        if j < 4 {
            return (scales.byte(at: j) & 63, scales.byte(at: j + 4) & 63)
        }
        let packed = scales.byte(at: j + 4)
        let scale = (packed & 0x0F) | ((scales.byte(at: j - 4) >> 6) << 4)
        let min = (packed >> 4) | ((scales.byte(at: j) >> 6) << 4)
        return (scale, min)
    }

    /// Signed scale of sub-block `j` (0..<16) of Q3_K: sixteen 6-bit values
    /// biased by 32, in 12 bytes. The low nibbles come from bytes 0–7 (low
    /// halves for 0–7, high halves for 8–15); the top two bits of scale j
    /// are bits `2·(j/4)` of byte `8 + j%4`.
    @inline(__always)
    static func scale3K(_ j: Int, _ scales: UnsafeRawPointer) -> Int {
        let low = j < 8 ? scales.byte(at: j) & 0x0F : scales.byte(at: j - 8) >> 4
        let high = (scales.byte(at: 8 + j % 4) >> UInt8(2 * (j / 4))) & 3
        return Int(low | high << 4) - 32
    }
}
