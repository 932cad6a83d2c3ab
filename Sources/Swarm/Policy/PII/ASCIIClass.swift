// Byte classes shared by the PII scanners. All PII formats are ASCII, so the scanners work on
// UTF-8 bytes; any non-ASCII byte counts as part of a word (a letter such as `é`), which keeps
// `café4111111111111111` from looking like a free-standing number.

enum ASCIIClass {
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    @inline(__always)
    static func isUpper(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }

    @inline(__always)
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20) &- 0x61 < 6
    }

    /// Letters, digits, `_` and every non-ASCII byte: the bytes a word is made of.
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    /// The value of a decimal digit byte.
    @inline(__always)
    static func digitValue(_ byte: UInt8) -> Int { Int(byte &- 0x30) }

    @inline(__always)
    static func uppercased(_ byte: UInt8) -> UInt8 { isLetter(byte) ? byte & ~0x20 : byte }
}

extension Array where Element == UInt8 {
    /// The byte at `index`, or `nil` outside the array: lets scanners look around a position
    /// without checking bounds at every step.
    @inline(__always)
    func byte(at index: Int) -> UInt8? {
        index >= 0 && index < count ? self[index] : nil
    }
}
