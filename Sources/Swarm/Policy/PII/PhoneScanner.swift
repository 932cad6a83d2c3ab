// Phone numbers. The rule, chosen so that order numbers, dates and amounts are left alone:
//
// * International: `+` and a country code not starting with 0, then the number, 8–15 digits in
//   all (E.164), plain (`+447700900123`) or grouped (`+1 (555) 123-4567`, `+44 (0)20 7946 0958`).
//   A leading `00` instead of `+` is read the same way (`0044 20 7946 0958`).
// * National: 10 or 11 digits written in at least two groups of at most 6 digits joined by
//   spaces, dashes, dots or parentheses (`(555) 123-4567`, `555.123.4567`, `020 7946 0958`,
//   `1-800-555-0199`). Only the first group may have a single digit.
// * Never a phone: a bare digit run without `+` (`order 5551234567` — indistinguishable from
//   an order number), anything right after `#` (`#555-123-4567` is a reference), a number whose
//   first or last three groups form a date (`2024-03-15`, `15.03.2024`), numbers written with
//   thousands separators (`1.234.567.890`, `1 234 567 890`), IPv4-shaped numbers, and a number
//   right after a code mixing letters and digits (`1Z 999 AA1 01 2345 6784`, a tracking number).
// Shorter local numbers (`555-0199`) are not matched: too many other things look like them.

enum PhoneScanner {
    static func candidates(in runs: [DigitRun], bytes: [UInt8]) -> [PIICandidate] {
        var found: [PIICandidate] = []
        for run in runs {
            let windows = run.matchingWindows { isPhone($0, bytes: bytes) }
            found += windows.map { $0.candidate(.phone) }
        }
        return found
    }

    static func isPhone(_ window: DigitRun.Window, bytes: [UInt8]) -> Bool {
        // Cheap test first: most windows of a long run are too short or too long.
        guard (8...17).contains(window.digitCount) else { return false }
        if bytes.byte(at: window.start - 1) == UInt8(ascii: "#") { return false }
        if continuesAlphanumericCode(before: window.start, in: bytes) { return false }
        let digits = window.digits(in: bytes)
        guard let firstDigit = digits.first else { return false }
        if window.hasPlus {
            return firstDigit != 0 && (8...15).contains(digits.count)
        }
        if digits.count >= 2 && digits[0] == 0 && digits[1] == 0 {
            return digits[2...].first != 0 && (8...15).contains(digits.count - 2) && window.groupCount >= 2
        }
        guard (10...11).contains(digits.count), window.groupCount >= 2 else { return false }
        let lengths = window.groups.map(\.digitCount)
        for (index, length) in lengths.enumerated() {
            let group = window.groups[window.first + index]
            if length > 6 { return false }
            if length == 1 && index != 0 && !group.isParenthesized { return false }
        }
        return !looksLikeDate(window, bytes: bytes)
            && !hasThousandsSeparators(window, lengths: lengths)
            && !looksLikeIPv4(window, lengths: lengths)
    }

    /// Whether the word before `start` (separated by one space) mixes letters and digits, so the
    /// run is the tail of a tracking or serial code.
    private static func continuesAlphanumericCode(before start: Int, in bytes: [UInt8]) -> Bool {
        guard bytes.byte(at: start - 1) == UInt8(ascii: " ") else { return false }
        var index = start - 2
        var hasLetter = false
        var hasDigit = false
        while let byte = bytes.byte(at: index), ASCIIClass.isWordByte(byte) {
            hasLetter = hasLetter || ASCIIClass.isLetter(byte)
            hasDigit = hasDigit || ASCIIClass.isDigit(byte)
            index -= 1
        }
        return hasLetter && hasDigit
    }

    /// Whether the first or last three groups read as a date: year-month-day, or day-month-year
    /// / month-day-year, joined by the same separator.
    private static func looksLikeDate(_ window: DigitRun.Window, bytes: [UInt8]) -> Bool {
        guard window.groupCount >= 3 else { return false }
        for start in [0, window.groupCount - 3] {
            let joints = [window.run.groups[window.first + start + 1].joint,
                          window.run.groups[window.first + start + 2].joint]
            guard joints[0] == joints[1], joints[0] != .parenthesis else { continue }
            let lengths = (start..<start + 3).map { window.run.groups[window.first + $0].digitCount }
            let values = (start..<start + 3).map { window.groupValue($0, in: bytes) }
            if lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2 {
                if isYear(values[0]) && isMonth(values[1]) && (1...31).contains(values[2]) { return true }
            }
            if lengths[0] <= 2 && lengths[1] <= 2 && lengths[2] == 4 && isYear(values[2]) {
                let dayMonth = (1...31).contains(values[0]) && isMonth(values[1])
                let monthDay = isMonth(values[0]) && (1...31).contains(values[1])
                if dayMonth || monthDay { return true }
            }
        }
        return false
    }

    private static func isYear(_ value: Int) -> Bool { (1900...2099).contains(value) }
    private static func isMonth(_ value: Int) -> Bool { (1...12).contains(value) }

    /// `1.234.567.890` or `1 234 567 890`: one to three digits, then groups of exactly three.
    private static func hasThousandsSeparators(_ window: DigitRun.Window, lengths: [Int]) -> Bool {
        let joints = window.joints
        guard lengths.count >= 3, let joint = joints.first, joint == .dot || joint == .space,
              joints.allSatisfy({ $0 == joint }) else { return false }
        return lengths[0] <= 3 && lengths.dropFirst().allSatisfy { $0 == 3 }
    }

    /// Four dot-joined groups of one to three digits: an IPv4 address, not a phone.
    private static func looksLikeIPv4(_ window: DigitRun.Window, lengths: [Int]) -> Bool {
        lengths.count == 4 && lengths.allSatisfy { $0 <= 3 } && window.joints.allSatisfy { $0 == .dot }
    }
}
