/// Bit-exact conversions between IEEE 754 binary16 / bfloat16 bit patterns
/// and `Float`.
///
/// Written out by hand rather than through `Float16` because `Float16` is
/// unavailable on some targets (macOS on Intel) and because the
/// quantizers need GGML's exact round-to-nearest-even behaviour.
public enum Float16Conversion {
    /// The `Float` equal to the binary16 value with bit pattern `bits`
    /// (exact: every half value is representable as a float).
    @inline(__always)
    public static func float(fromHalf bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits) & 0x3FF
        if exponent == 0x1F {  // infinity or NaN: keep the payload
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        if exponent == 0 {
            // Zero or subnormal: mantissa × 2⁻²⁴, exact in a float.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        // Normal: rebias the exponent from 15 to 127.
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    /// The binary16 bit pattern nearest to `value` (round to nearest, ties to
    /// even; overflow gives infinity), as `GGML_FP32_TO_FP16` produces it.
    public static func half(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let floatExponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if floatExponent == 0xFF {  // infinity or NaN (kept quiet)
            return sign | 0x7C00 | (mantissa == 0 ? 0 : 0x200 | UInt16(truncatingIfNeeded: mantissa >> 13))
        }
        let exponent = floatExponent - 127 + 15
        if exponent >= 0x1F { return sign | 0x7C00 }
        if exponent <= 0 {
            // Subnormal half (unit 2⁻²⁴) or zero.
            if exponent < -10 { return sign }
            let significand = mantissa | 0x80_0000
            let shift = UInt32(14 - exponent)
            var result = significand >> shift
            let remainder = significand & ((1 << shift) - 1)
            let halfway = UInt32(1) << (shift - 1)
            if remainder > halfway || (remainder == halfway && result & 1 != 0) { result += 1 }
            return sign | UInt16(truncatingIfNeeded: result)
        }
        var result = UInt32(exponent) << 10 | (mantissa >> 13)
        let remainder = mantissa & 0x1FFF
        // A carry out of the mantissa correctly bumps the exponent (up to infinity).
        if remainder > 0x1000 || (remainder == 0x1000 && result & 1 != 0) { result += 1 }
        return sign | UInt16(truncatingIfNeeded: result)
    }

    /// The `Float` whose upper 16 bits are the bfloat16 pattern `bits`.
    @inline(__always)
    public static func float(fromBFloat16 bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
