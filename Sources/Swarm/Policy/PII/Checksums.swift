// The two check-digit schemes the PII scanners rely on to tell real account numbers from
// arbitrary digit runs.

/// The Luhn (mod 10) check used by payment card numbers.
enum Luhn {
    /// Whether `digits` (values 0–9, most significant first) pass the Luhn check.
    static func isValid(_ digits: [Int]) -> Bool {
        guard !digits.isEmpty else { return false }
        var sum = 0
        // From the right, every second digit is doubled; a doubled digit over 9 loses 9
        // (the same as adding its two digits).
        for (position, digit) in digits.reversed().enumerated() {
            if position % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}

/// The ISO 7064 MOD 97-10 check of IBANs.
enum IBANChecksum {
    /// Whether `characters` (uppercase ASCII letters and digits, no spaces, country code first)
    /// form an IBAN whose check digits are right: with the first four characters moved to the
    /// end and letters replaced by 10…35, the number is 1 modulo 97.
    static func isValid(_ characters: [UInt8]) -> Bool {
        guard characters.count >= 5 else { return false }
        let rearranged = characters[4...] + characters[..<4]
        var remainder = 0
        // The number has up to 70 digits, so it is reduced digit by digit instead of built.
        for character in rearranged {
            if ASCIIClass.isDigit(character) {
                remainder = (remainder * 10 + ASCIIClass.digitValue(character)) % 97
            } else if ASCIIClass.isUpper(character) {
                let value = Int(character - UInt8(ascii: "A")) + 10
                remainder = (remainder * 100 + value) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }
}
