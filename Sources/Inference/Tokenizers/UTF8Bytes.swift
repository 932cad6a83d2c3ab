/// UTF-8 helpers for the tokenizers, which work on bytes.
enum UTF8Bytes {
    /// Appends the UTF-8 encoding of `scalar`.
    @inline(__always) static func append(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        append(codePoint: scalar.value, to: &out)
    }

    @inline(__always) static func append(codePoint v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// The length of the sequence a lead byte starts (llama.cpp's `unicode_len_utf8`:
    /// continuation and invalid bytes count as one).
    @inline(__always) static func sequenceLength(lead: UInt8) -> Int {
        switch lead >> 4 {
        case 0xC, 0xD: return 2
        case 0xE: return 3
        case 0xF: return 4
        default: return 1
        }
    }

    /// How many bytes at the end of `bytes` start a UTF-8 sequence that is not yet
    /// complete (0 when the buffer ends on a character boundary or with invalid bytes).
    static func incompleteSuffixLength(_ bytes: [UInt8]) -> Int {
        var i = bytes.count - 1
        var continuation = 0
        while i >= 0, continuation < 3, bytes[i] & 0xC0 == 0x80 {
            continuation += 1
            i -= 1
        }
        guard i >= 0 else { return 0 }
        let lead = bytes[i]
        guard lead >= 0xC0, lead < 0xF8 else { return 0 }
        let needed = sequenceLength(lead: lead)
        return continuation + 1 < needed ? continuation + 1 : 0
    }
}
