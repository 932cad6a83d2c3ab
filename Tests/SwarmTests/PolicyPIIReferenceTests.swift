import XCTest
@testable import Swarm

/// The hand-written scanners against slow brute-force references: every substring of a text is
/// checked against the documented definition of a kind and its word-boundary rule. Texts are
/// generated from a seeded generator out of pieces that stress the boundaries (valid numbers,
/// near misses, digit groups, separators, letters), so a failure reproduces.
///
/// The scanners return non-overlapping matches (the longest at each start), the references every
/// valid substring; so each scanner match must be a reference match, and every reference match
/// must overlap a scanner match.
final class PolicyPIIReferenceTests: XCTestCase {
    func testCardScannerAgreesWithBruteForce() {
        var random = SeededGenerator(seed: 1)
        let cards = ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
                     "30569309025904", "4222222222222", "1234567890123452", "4111111111111112"]
        compare(kind: "card", texts: (0..<3000).map { _ in
            text(from: &random, pieces: [
                { r in grouped(cards.randomElement(using: &r)!, using: &r, separators: [" ", "-"]) },
                { r in digits(count: Int.random(in: 1...5, using: &r), using: &r) },
                { _ in " " }, { _ in "-" }, { _ in "." }, { _ in "a" }, { _ in "  " },
            ])
        }, scanner: { bytes in CardScanner.candidates(in: DigitRun.all(in: bytes), bytes: bytes) },
           reference: referenceCards)
    }

    func testSSNScannerAgreesWithBruteForce() {
        var random = SeededGenerator(seed: 2)
        compare(kind: "ssn", texts: (0..<3000).map { _ in
            text(from: &random, pieces: [
                { r in
                    let area = ["123", "000", "666", "912", "078", "899"].randomElement(using: &r)!
                    let group = ["45", "00", "05"].randomElement(using: &r)!
                    let serial = ["6789", "0000", "1120"].randomElement(using: &r)!
                    let separator = [" ", "-", "-"].randomElement(using: &r)!
                    return area + separator + group + separator + serial
                },
                { r in digits(count: Int.random(in: 1...4, using: &r), using: &r) },
                { _ in " " }, { _ in "-" }, { _ in "." }, { _ in "a" },
            ])
        }, scanner: { bytes in SSNScanner.candidates(in: DigitRun.all(in: bytes), bytes: bytes) },
           reference: referenceSSNs)
    }

    func testIPv4ScannerAgreesWithBruteForce() {
        var random = SeededGenerator(seed: 3)
        compare(kind: "ipv4", texts: (0..<3000).map { _ in
            text(from: &random, pieces: [
                { r in
                    (0..<4).map { _ in
                        ["0", "7", "10", "255", "256", "010", "199", "300"].randomElement(using: &r)!
                    }.joined(separator: ".")
                },
                { r in digits(count: Int.random(in: 1...3, using: &r), using: &r) },
                { _ in " " }, { _ in "-" }, { _ in "." }, { _ in "a" },
            ])
        }, scanner: { bytes in IPAddressScanner.ipv4Candidates(in: DigitRun.all(in: bytes), bytes: bytes) },
           reference: referenceIPv4s)
    }

    func testIBANScannerAgreesWithBruteForce() {
        var random = SeededGenerator(seed: 4)
        let ibans = ["GB82WEST12345698765432", "DE89370400440532013000", "NO9386011117947",
                     "NL91ABNA0417164300", "GB82WEST12345698765433", "BE68539007547034"]
        compare(kind: "iban", texts: (0..<3000).map { _ in
            text(from: &random, pieces: [
                { r in grouped(ibans.randomElement(using: &r)!, using: &r, separators: [" "]) },
                { r in String(ibans.randomElement(using: &r)!.prefix(Int.random(in: 4...12, using: &r))) },
                { r in digits(count: Int.random(in: 1...4, using: &r), using: &r) },
                { _ in " " }, { _ in "X" }, { _ in "," }, { _ in "WEST" },
            ])
        }, scanner: { bytes in IBANScanner.candidates(in: bytes) },
           reference: referenceIBANs)
    }

    func testIPv6ScannerAgreesWithBruteForce() {
        var random = SeededGenerator(seed: 5)
        compare(kind: "ipv6", texts: (0..<3000).map { _ in
            text(from: &random, pieces: [
                { r in ["2001:db8::1", "fe80::", "::1", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1",
                        "2001:db8:0:0:1:0:0:1"].randomElement(using: &r)! },
                { r in ["a", "ff", "1", "db8", "12345", "0"].randomElement(using: &r)! },
                { _ in ":" }, { _ in "::" }, { _ in "." }, { _ in " " }, { _ in "g" }, { _ in "1.2.3.4" },
            ])
        }, scanner: { bytes in IPAddressScanner.ipv6Candidates(in: bytes) },
           reference: referenceIPv6s)
    }

    func testEmailScannerAgreesWithBruteForce() {
        var random = SeededGenerator(seed: 6)
        compare(kind: "email", texts: (0..<3000).map { _ in
            text(from: &random, pieces: [
                { r in ["jane.doe@example.com", "a@b.io", "x+y@mail-1.example.co.uk"].randomElement(using: &r)! },
                { r in ["jane", "example", "com", "x1", "co", "b-c", "9"].randomElement(using: &r)! },
                { _ in "@" }, { _ in "%40" }, { _ in "." }, { _ in "-" }, { _ in " " }, { _ in "é" },
                { _ in ":" }, { _ in "+" }, { _ in "=" },
            ])
        }, scanner: { bytes in EmailScanner.candidates(in: bytes) },
           reference: referenceEmails)
    }

    func testPhoneScannerAgreesWithBruteForce() {
        var random = SeededGenerator(seed: 7)
        let shapes = ["+44 20 7946 0958", "(555) 123-4567", "555.123.4567", "1-800-555-0199", "2024-03-15",
                      "15.03.2024", "1.234.567.890", "0044 20 7946 0958", "+44 (0)20 7946 0958", "10.20.30.40",
                      "+447700900123", "01 23 45 67 89", "07700 900123"]
        compare(kind: "phone", texts: (0..<3000).map { _ in
            text(from: &random, pieces: [
                { r in shapes.randomElement(using: &r)! },
                { r in digits(count: Int.random(in: 1...6, using: &r), using: &r) },
                { _ in " " }, { _ in "-" }, { _ in "." }, { _ in "(" }, { _ in ")" }, { _ in "+" },
                { _ in "a" }, { _ in "#" }, { _ in "A1 " },
            ])
        }, scanner: { bytes in PhoneScanner.candidates(in: DigitRun.all(in: bytes), bytes: bytes) },
           reference: referencePhones)
    }

    // MARK: References

    /// Glued to the left of `index`: a word byte or `+`, or `-`/`.` right after a word byte.
    private func gluedLeft(_ b: [UInt8], _ index: Int) -> Bool {
        guard index > 0 else { return false }
        let previous = b[index - 1]
        if isWord(previous) || previous == UInt8(ascii: "+") { return true }
        return (previous == UInt8(ascii: "-") || previous == UInt8(ascii: ".")) && index >= 2 && isWord(b[index - 2])
    }

    /// Glued to the right of `end`: a word byte, or `-`/`.`/`_` followed by one.
    private func gluedRight(_ b: [UInt8], _ end: Int) -> Bool {
        guard end < b.count else { return false }
        let next = b[end]
        if isWord(next) { return true }
        return [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_")].contains(next)
            && end + 1 < b.count && isWord(b[end + 1])
    }

    private func isWord(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte == 0x5F || byte >= 0x80
    }

    /// Every substring of `text` for which `accept` holds and that is not glued on either side.
    private func substrings(_ text: String, glued: Bool = true, _ accept: (String) -> Bool) -> [Range<Int>] {
        let b = Array(text.utf8)
        var found: [Range<Int>] = []
        for start in 0..<b.count where !gluedLeft(b, start) {
            for end in (start + 1)...b.count where !gluedRight(b, end) {
                if accept(String(decoding: b[start..<end], as: UTF8.self)) { found.append(start..<end) }
            }
        }
        return found
    }

    private func referenceCards(_ text: String) -> [Range<Int>] {
        substrings(text) { s in
            // Digit groups joined by single spaces or dashes, at most six of them.
            let groups = s.split(separator: " ", omittingEmptySubsequences: false)
                .flatMap { $0.split(separator: "-", omittingEmptySubsequences: false) }
            guard groups.count <= 6, groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return false }
            let digits = groups.joined().map { Int(String($0))! }
            guard (13...19).contains(digits.count) else { return false }
            return CardScanner.isKnownIssuer(digits) && luhnReference(digits)
        }
    }

    private func luhnReference(_ digits: [Int]) -> Bool {
        var total = 0
        for (index, digit) in digits.enumerated() {
            let weighted = (digits.count - 1 - index) % 2 == 1 ? digit * 2 : digit
            total += weighted / 10 + weighted % 10
        }
        return total % 10 == 0
    }

    private func referenceSSNs(_ text: String) -> [Range<Int>] {
        substrings(text) { s in
            let c = Array(s)
            guard c.count == 11, c[3] == c[6], c[3] == "-" || c[3] == " " else { return false }
            let parts = [String(c[0..<3]), String(c[4..<6]), String(c[7..<11])]
            guard parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return false }
            let area = Int(parts[0])!, group = Int(parts[1])!, serial = Int(parts[2])!
            return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
        }
    }

    private func referenceIPv4s(_ text: String) -> [Range<Int>] {
        substrings(text) { s in
            let octets = s.split(separator: ".", omittingEmptySubsequences: false)
            return octets.count == 4 && octets.allSatisfy(isOctet)
        }
    }

    private func referenceIBANs(_ text: String) -> [Range<Int>] {
        substrings(text) { s in
            // Country code and check digits are written together; single spaces may follow.
            guard !s.prefix(4).contains(" "), !s.hasSuffix(" "), !s.contains("  "),
                  s.allSatisfy({ $0 == " " || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else { return false }
            let compact = Array(s.replacingOccurrences(of: " ", with: "").uppercased())
            guard compact.count >= 4, s.first?.isUppercase == true, Array(s)[1].isUppercase,
                  compact[2].isASCIIDigit, compact[3].isASCIIDigit,
                  IBANCountries.lengths[String(compact[0...1])] == compact.count else { return false }
            // MOD 97 on the full decimal expansion, nine digits at a time.
            let expanded = (compact[4...] + compact[..<4]).map { $0.isNumber ? String($0) : String(Int($0.asciiValue!) - 55) }.joined()
            var remainder = 0
            var rest = Substring(expanded)
            while !rest.isEmpty {
                remainder = Int(String(remainder) + rest.prefix(7))! % 97
                rest = rest.dropFirst(7)
            }
            return remainder == 1
        }
    }

    private func isOctet(_ octet: Substring) -> Bool {
        (1...3).contains(octet.count) && octet.allSatisfy(\.isASCIIDigit)
            && !(octet.count > 1 && octet.first == "0") && Int(octet)! <= 255
    }

    private func referenceIPv6s(_ text: String) -> [Range<Int>] {
        let b = Array(text.utf8)
        func isHex(_ byte: UInt8) -> Bool { Character(UnicodeScalar(byte)).isHexDigit }
        var found: [Range<Int>] = []
        for start in 0..<b.count {
            // Not glued to a word or a dotted number, and not continuing a colon run.
            if start > 0 {
                let previous = b[start - 1]
                if isWord(previous) || previous == UInt8(ascii: ".") { continue }
                if previous == UInt8(ascii: ":") && start >= 2 && (isHex(b[start - 2]) || b[start - 2] == UInt8(ascii: ":")) { continue }
            }
            for end in (start + 1)...b.count {
                if end < b.count {
                    let next = b[end]
                    if isWord(next) { continue }
                    let after = end + 1 < b.count ? b[end + 1] : 0
                    if next == UInt8(ascii: ".") && after >= 0x30 && after <= 0x39 { continue }
                    if next == UInt8(ascii: ":") && (isHex(after) || after == UInt8(ascii: ":")) { continue }
                }
                if isIPv6(String(decoding: b[start..<end], as: UTF8.self)) { found.append(start..<end) }
            }
        }
        return found
    }

    /// RFC 4291 text form: eight hex groups, or fewer around one `::`, the last 32 bits
    /// optionally dotted decimal.
    private func isIPv6(_ s: String) -> Bool {
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ part: String) -> [Substring]? {
            part.isEmpty ? [] : part.split(separator: ":", omittingEmptySubsequences: false)
        }
        guard var all = groups(halves[0]) else { return false }
        if halves.count == 2, let right = groups(halves[1]) { all += right }
        var count = 0
        for (index, group) in all.enumerated() {
            if group.contains(".") {
                let octets = group.split(separator: ".", omittingEmptySubsequences: false)
                guard index == all.count - 1, s.hasSuffix(group), octets.count == 4, octets.allSatisfy(isOctet) else { return false }
                count += 2
            } else {
                guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit) else { return false }
                count += 1
            }
        }
        return halves.count == 2 ? (1...7).contains(count) : count == 8
    }

    private func isLocalByte(_ byte: UInt8) -> Bool {
        Character(UnicodeScalar(byte)).isASCII && (Character(UnicodeScalar(byte)).isLetter
            || Character(UnicodeScalar(byte)).isNumber || "._%+-".utf8.contains(byte))
    }

    private func referenceEmails(_ text: String) -> [Range<Int>] {
        let b = Array(text.utf8)
        var found: [Range<Int>] = []
        for start in 0..<b.count {
            // Left: no local-part character before, except a run of dots that is either two or
            // more long or follows no local-part character itself.
            if start > 0 {
                let previous = b[start - 1]
                if previous == UInt8(ascii: ".") {
                    var left = start - 1
                    while left >= 0 && b[left] == UInt8(ascii: ".") { left -= 1 }
                    let dots = start - 1 - left
                    if dots < 2 && left >= 0 && (isLocalByte(b[left]) || b[left] >= 0x80) { continue }
                } else if isLocalByte(previous) || previous >= 0x80 {
                    continue
                }
            }
            for end in (start + 1)...b.count {
                // Right: the domain cannot go on (no label character, no dot before one), and no
                // non-ASCII letter or `@` follows.
                if end < b.count {
                    let next = b[end]
                    if next >= 0x80 || isAlphanumeric(next) || next == UInt8(ascii: "-") || next == UInt8(ascii: "@") { continue }
                    if next == UInt8(ascii: "."), end + 1 < b.count, isAlphanumeric(b[end + 1]) { continue }
                }
                if isEmail(Array(b[start..<end])) { found.append(start..<end) }
            }
        }
        // For each start only the longest address counts (a shorter one ends inside a domain).
        return found.filter { range in !found.contains { $0.lowerBound == range.lowerBound && $0.upperBound > range.upperBound } }
    }

    private func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }

    /// `local@domain` or `local%40domain` as documented on `EmailScanner`.
    private func isEmail(_ s: [UInt8]) -> Bool {
        for atLength in [1, 3] {
            for at in s.indices where at + atLength <= s.count {
                let isAt = atLength == 1 ? s[at] == UInt8(ascii: "@") : Array(s[at..<at + 3]) == Array("%40".utf8)
                guard isAt else { continue }
                let local = s[..<at], domain = s[(at + atLength)...]
                guard (1...64).contains(local.count), local.allSatisfy(isLocalByte),
                      !String(decoding: local, as: UTF8.self).contains(".."),
                      local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { continue }
                let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
                guard labels.count >= 2, labels.allSatisfy({ label in
                    !label.isEmpty && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
                        && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                }), let tld = labels.last, tld.count >= 2,
                      tld.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { continue }
                return true
            }
        }
        return false
    }

    private func referencePhones(_ text: String) -> [Range<Int>] {
        let b = Array(text.utf8)
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var found: [Range<Int>] = []
        for start in 0..<b.count where !gluedLeft(b, start) {
            if start > 0 {
                let previous = b[start - 1]
                // Not a reference (`#…`).
                if previous == UInt8(ascii: "#") { continue }
                // Not right after a `(12)` group, which it would join.
                if previous == UInt8(ascii: ")") {
                    let inner = b[..<(start - 1)].reversed().prefix(while: isDigit)
                    if !inner.isEmpty && start - 2 - inner.count >= 0 && b[start - 2 - inner.count] == UInt8(ascii: "(") { continue }
                }
                // Not inside a `(12)` group.
                if previous == UInt8(ascii: "(") && b[start] != UInt8(ascii: "(") && b[start...].prefix(while: isDigit).count > 0,
                   let close = b[start...].firstIndex(where: { !isDigit($0) }), b[close] == UInt8(ascii: ")") { continue }
                // Not the tail of a code mixing letters and digits (`AA1 01 2345 6784`).
                if previous == UInt8(ascii: " ") {
                    let word = b[..<(start - 1)].reversed().prefix(while: isWord)
                    if word.contains(where: isDigit) && word.contains(where: { !isDigit($0) && $0 != UInt8(ascii: "_") }) { continue }
                }
            }
            for end in (start + 1)...b.count where !gluedRight(b, end) {
                if end < b.count && isDigit(b[end]) { continue }
                // Not followed by a `(12)` group that would join it: `555(0)…`, `555-(0)…`.
                let groupStart = end < b.count && b[end] == UInt8(ascii: "-") ? end + 1 : end
                if groupStart < b.count && b[groupStart] == UInt8(ascii: "(") {
                    let inner = b[(groupStart + 1)...].prefix(while: isDigit)
                    let close = groupStart + 1 + inner.count
                    if !inner.isEmpty && close < b.count && b[close] == UInt8(ascii: ")") { continue }
                }
                if isPhone(Array(b[start..<end])) { found.append(start..<end) }
            }
        }
        return found
    }

    /// The documented phone rule applied to a candidate string.
    private func isPhone(_ s: [UInt8]) -> Bool {
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        struct Group { var digits: [Int]; var parenthesized: Bool; var joint: UInt8? }
        var index = 0
        // A `+` is directly followed by the country code.
        let plus = s.first == UInt8(ascii: "+")
        if plus {
            guard s.count > 1, isDigit(s[1]) else { return false }
            index = 1
        }
        var groups: [Group] = []
        var joint: UInt8?
        while index < s.count {
            let parenthesized = s[index] == UInt8(ascii: "(")
            if parenthesized { index += 1 }
            let digitStart = index
            while index < s.count && isDigit(s[index]) { index += 1 }
            guard index > digitStart else { return false }
            if parenthesized {
                guard index < s.count && s[index] == UInt8(ascii: ")") else { return false }
                index += 1
            }
            groups.append(Group(digits: s[digitStart..<(parenthesized ? index - 1 : index)].map { Int($0) - 48 },
                                parenthesized: parenthesized, joint: joint))
            guard index < s.count else { break }
            let separator = s[index], next = index + 1 < s.count ? s[index + 1] : 0
            if (separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-")) && (isDigit(next) || next == UInt8(ascii: "(")) {
                joint = separator
                index += 1
            } else if separator == UInt8(ascii: ".") && isDigit(next) {
                joint = separator
                index += 1
            } else if (parenthesized && isDigit(separator)) || (separator == UInt8(ascii: "(") && isDigit(next)) {
                joint = UInt8(ascii: "p")
            } else {
                return false
            }
        }
        let digits = groups.flatMap(\.digits)
        guard groups.count <= 6, digits.count <= 19, let first = digits.first else { return false }
        if plus { return first != 0 && (8...15).contains(digits.count) }
        if digits.count >= 3 && digits[0] == 0 && digits[1] == 0 {
            return digits[2] != 0 && (8...15).contains(digits.count - 2) && groups.count >= 2
        }
        guard (10...11).contains(digits.count), groups.count >= 2 else { return false }
        for (position, group) in groups.enumerated() {
            if group.digits.count > 6 { return false }
            if group.digits.count == 1 && position != 0 && !group.parenthesized { return false }
        }
        func value(_ group: Group) -> Int { group.digits.reduce(0) { $0 * 10 + $1 } }
        // A date in the first or last three groups, joined by one separator.
        for triple in [Array(groups.prefix(3)), Array(groups.suffix(3))] where groups.count >= 3 {
            guard triple[1].joint == triple[2].joint, triple[1].joint != UInt8(ascii: "p") else { continue }
            let lengths = triple.map(\.digits.count), values = triple.map(value)
            let year = { (v: Int) in (1900...2099).contains(v) }, month = { (v: Int) in (1...12).contains(v) }
            if lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2 && year(values[0]) && month(values[1])
                && (1...31).contains(values[2]) { return false }
            if lengths[0] <= 2 && lengths[1] <= 2 && lengths[2] == 4 && year(values[2])
                && (((1...31).contains(values[0]) && month(values[1])) || (month(values[0]) && (1...31).contains(values[1]))) {
                return false
            }
        }
        let joints = groups.dropFirst().map(\.joint)
        // Thousands separators: 1.234.567.890 or 1 234 567 890.
        if groups.count >= 3, let firstJoint = joints.first, firstJoint == UInt8(ascii: ".") || firstJoint == UInt8(ascii: " "),
           joints.allSatisfy({ $0 == firstJoint }), groups[0].digits.count <= 3,
           groups.dropFirst().allSatisfy({ $0.digits.count == 3 }) { return false }
        // IPv4-shaped.
        if groups.count == 4 && groups.allSatisfy({ $0.digits.count <= 3 }) && joints.allSatisfy({ $0 == UInt8(ascii: ".") }) {
            return false
        }
        return true
    }

    // MARK: Comparison and generation

    private func compare(kind: String, texts: [String], scanner: ([UInt8]) -> [PIICandidate],
                         reference: (String) -> [Range<Int>]) {
        var matched = 0
        for text in texts {
            let fast = scanner(Array(text.utf8)).map { $0.start..<$0.end }
            let slow = reference(text)
            matched += fast.count
            for range in fast where !slow.contains(range) {
                XCTFail("\(kind): scanner matched \(range) not allowed by the reference in \"\(text)\"")
            }
            for range in slow where !fast.contains(where: { $0.overlaps(range) }) {
                XCTFail("\(kind): scanner missed \(range) in \"\(text)\"")
            }
        }
        XCTAssertGreaterThan(matched, texts.count / 50, "\(kind): the generated texts exercise real matches")
    }

    private func text(from random: inout SeededGenerator, pieces: [(inout SeededGenerator) -> String]) -> String {
        (0..<Int.random(in: 1...8, using: &random)).map { _ in
            pieces[Int.random(in: 0..<pieces.count, using: &random)](&random)
        }.joined()
    }
}

private func digits(count: Int, using random: inout SeededGenerator) -> String {
    String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
}

/// `value` split into groups of 2–6 characters joined by one of `separators`, or left whole.
private func grouped(_ value: String, using random: inout SeededGenerator, separators: [String]) -> String {
    guard Bool.random(using: &random) else { return value }
    let separator = separators.randomElement(using: &random)!
    var groups: [String] = []
    var rest = Substring(value)
    while !rest.isEmpty {
        let size = Int.random(in: 2...6, using: &random)
        groups.append(String(rest.prefix(size)))
        rest = rest.dropFirst(size)
    }
    return groups.joined(separator: separator)
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// SplitMix64: a tiny seeded generator so generated test texts are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
