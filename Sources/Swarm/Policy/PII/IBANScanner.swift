// IBANs: an uppercase country code and two check digits written together (`GB82`), then the
// national account number (BBAN), plain or with single spaces (usually in groups of four), of
// exactly the length the country uses, passing the MOD 97-10 check. The IBAN must not be glued to a word on either
// side (`XGB82WEST…` or `…765432ABC` are not matched).

enum IBANScanner {
    static func candidates(in bytes: [UInt8]) -> [PIICandidate] {
        var found: [PIICandidate] = []
        var index = 0
        while index + 4 <= bytes.count {
            if ASCIIClass.isUpper(bytes[index]), let end = match(at: index, in: bytes) {
                found.append(PIICandidate(kind: .iban, start: index, end: end))
                index = end
            } else if ASCIIClass.isWordByte(bytes[index]) {
                // An IBAN never starts inside a word.
                while index < bytes.count && ASCIIClass.isWordByte(bytes[index]) { index += 1 }
            } else {
                index += 1
            }
        }
        return found
    }

    /// The end of an IBAN starting at `start`, or `nil`.
    private static func match(at start: Int, in bytes: [UInt8]) -> Int? {
        if let previous = bytes.byte(at: start - 1), ASCIIClass.isWordByte(previous) { return nil }
        guard start + 4 <= bytes.count,
              ASCIIClass.isUpper(bytes[start]), ASCIIClass.isUpper(bytes[start + 1]),
              ASCIIClass.isDigit(bytes[start + 2]), ASCIIClass.isDigit(bytes[start + 3]),
              let length = IBANCountries.length(ofCountry: bytes[start], bytes[start + 1]) else { return nil }
        var characters: [UInt8] = []
        characters.reserveCapacity(length)
        var index = start
        while characters.count < length, let byte = bytes.byte(at: index) {
            if ASCIIClass.isAlphanumeric(byte) {
                characters.append(ASCIIClass.uppercased(byte))
                index += 1
            } else if byte == UInt8(ascii: " "), let next = bytes.byte(at: index + 1),
                      ASCIIClass.isAlphanumeric(next) {
                index += 1
            } else {
                break
            }
        }
        guard characters.count == length else { return nil }
        if let after = bytes.byte(at: index), ASCIIClass.isWordByte(after) { return nil }
        return IBANChecksum.isValid(characters) ? index : nil
    }
}
