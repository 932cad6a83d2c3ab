// Payment card numbers: 13–19 digits, written plain or in groups joined by single spaces or
// dashes, that pass the Luhn check AND start with an issuer prefix (IIN) of a known network at
// a length that network issues. The prefix check keeps Luhn-valid order numbers (one in ten
// random numbers passes Luhn) from being taken for cards.

enum CardScanner {
    static func candidates(in runs: [DigitRun], bytes: [UInt8]) -> [PIICandidate] {
        var found: [PIICandidate] = []
        for run in runs {
            let windows = run.matchingWindows { window in
                guard (13...19).contains(window.digitCount), !window.hasPlus, !window.hasParentheses,
                      window.joints.allSatisfy({ $0 == .space || $0 == .dash }) else { return false }
                let digits = window.digits(in: bytes)
                return isKnownIssuer(digits) && Luhn.isValid(digits)
            }
            found += windows.map { $0.candidate(.card) }
        }
        return found
    }

    /// Whether the number starts with the prefix of a card network that issues numbers of
    /// this length (Visa, Mastercard, American Express, Discover, Diners Club, JCB, UnionPay,
    /// Maestro, Mir).
    static func isKnownIssuer(_ digits: [Int]) -> Bool {
        func prefix(_ count: Int) -> Int {
            digits.prefix(count).reduce(0) { $0 * 10 + $1 }
        }
        let length = digits.count
        guard length >= 12 else { return false }
        let two = prefix(2), three = prefix(3), four = prefix(4), six = prefix(6)
        if digits[0] == 4 { return [13, 16, 19].contains(length) }                    // Visa
        if (51...55).contains(two) || (2221...2720).contains(four) { return length == 16 } // Mastercard
        if two == 34 || two == 37 { return length == 15 }                             // Amex
        if four == 6011 || (644...649).contains(three) || two == 65
            || (622126...622925).contains(six) { return (16...19).contains(length) }   // Discover
        if (3528...3589).contains(four) { return (16...19).contains(length) }          // JCB
        if (300...305).contains(three) || four == 3095 || [36, 38, 39].contains(two) {
            return (14...19).contains(length)                                          // Diners
        }
        if two == 62 || (2200...2204).contains(four) { return (16...19).contains(length) } // UnionPay, Mir
        if [5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].contains(four) {
            return (12...19).contains(length)                                          // Maestro
        }
        return false
    }
}
