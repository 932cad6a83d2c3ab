// IP addresses.
//
// IPv4: four decimal octets 0–255 joined by dots, without leading zeros (`010` is read as octal
// by some tools and as decimal by others, so it is not taken for an address), as a whole token
// of the digit-run tokenizer: `1.2.3.4.5` and `v1.2.3.4` hold no address, `http://10.0.0.1/x`
// and `10.0.0.1:8080` do.
//
// IPv6: up to eight groups of 1–4 hex digits joined by `:`, with at most one `::` standing for
// the missing groups, optionally ending in an IPv4 address (`::ffff:192.0.2.1`). Exactly eight
// groups without `::`, at most seven with it. Times (`10:30:45`) and MAC addresses (six groups)
// do not qualify. The address may not be glued to a word or continue a longer colon run.

enum IPAddressScanner {
    static func ipv4Candidates(in runs: [DigitRun], bytes: [UInt8]) -> [PIICandidate] {
        var found: [PIICandidate] = []
        for run in runs {
            let windows = run.matchingWindows { window in
                guard window.groupCount == 4, window.digitCount <= 12, !window.hasPlus, !window.hasParentheses,
                      window.joints.allSatisfy({ $0 == .dot }) else { return false }
                return window.groups.allSatisfy { isOctet(bytes[$0.digitStart..<$0.digitEnd]) }
            }
            found += windows.map { $0.candidate(.ip) }
        }
        return found
    }

    /// One to three digits, no leading zero, at most 255.
    static func isOctet(_ digits: ArraySlice<UInt8>) -> Bool {
        guard (1...3).contains(digits.count), digits.allSatisfy(ASCIIClass.isDigit) else { return false }
        if digits.count > 1 && digits.first == UInt8(ascii: "0") { return false }
        return digits.reduce(0) { $0 * 10 + ASCIIClass.digitValue($1) } <= 255
    }

    static func ipv6Candidates(in bytes: [UInt8]) -> [PIICandidate] {
        var found: [PIICandidate] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let opens = ASCIIClass.isHexDigit(byte)
                || (byte == UInt8(ascii: ":") && bytes.byte(at: index + 1) == UInt8(ascii: ":"))
            if opens && startsFreely(at: index, in: bytes), let end = parseIPv6(at: index, in: bytes) {
                found.append(PIICandidate(kind: .ip, start: index, end: end))
                index = end
            } else if ASCIIClass.isWordByte(byte) {
                // Skip the rest of the word: an address never starts inside one.
                while index < bytes.count && ASCIIClass.isWordByte(bytes[index]) { index += 1 }
            } else {
                index += 1
            }
        }
        return found
    }

    /// Not glued to a word, a dotted number, or a longer colon-separated run on the left.
    private static func startsFreely(at index: Int, in bytes: [UInt8]) -> Bool {
        guard let previous = bytes.byte(at: index - 1) else { return true }
        if ASCIIClass.isWordByte(previous) || previous == UInt8(ascii: ".") { return false }
        if previous == UInt8(ascii: ":"), let beforeThat = bytes.byte(at: index - 2),
           ASCIIClass.isHexDigit(beforeThat) || beforeThat == UInt8(ascii: ":") {
            return false
        }
        return true
    }

    /// The end of an IPv6 address starting at `start`, or `nil`.
    static func parseIPv6(at start: Int, in bytes: [UInt8]) -> Int? {
        let colon = UInt8(ascii: ":")
        var index = start
        var groups = 0
        var compressed = false
        if bytes[index] == colon {
            compressed = true
            index += 2
        }
        while true {
            let groupStart = index
            while index - groupStart < 5, let byte = bytes.byte(at: index), ASCIIClass.isHexDigit(byte) {
                index += 1
            }
            let length = index - groupStart
            if length == 0 { break } // only reachable right after `::`
            if bytes.byte(at: index) == UInt8(ascii: "."), let next = bytes.byte(at: index + 1),
               ASCIIClass.isDigit(next) {
                // The last 32 bits written as IPv4.
                guard let end = parseIPv4(at: groupStart, in: bytes), groups + 2 <= 8 else { return nil }
                groups += 2
                index = end
                break
            }
            guard length <= 4 else { return nil }
            groups += 1
            if bytes.byte(at: index) == colon && bytes.byte(at: index + 1) == colon {
                guard !compressed else { return nil }
                compressed = true
                index += 2
            } else if bytes.byte(at: index) == colon, let next = bytes.byte(at: index + 1), ASCIIClass.isHexDigit(next) {
                index += 1
            } else {
                break
            }
        }
        guard compressed ? (1...7).contains(groups) : groups == 8 else { return nil }
        if let after = bytes.byte(at: index) {
            let next = bytes.byte(at: index + 1) ?? 0
            if ASCIIClass.isWordByte(after) { return nil }
            if after == UInt8(ascii: ".") && ASCIIClass.isDigit(next) { return nil }
            // `::ffff:192.0.2.1::` or `fe80:::1`: the colon run goes on, so this is no address.
            if after == colon && (ASCIIClass.isHexDigit(next) || next == colon) { return nil }
        }
        return index
    }

    /// The end of a dotted IPv4 address starting at `start`, or `nil`.
    private static func parseIPv4(at start: Int, in bytes: [UInt8]) -> Int? {
        var index = start
        for octet in 0..<4 {
            if octet > 0 {
                guard bytes.byte(at: index) == UInt8(ascii: ".") else { return nil }
                index += 1
            }
            let octetStart = index
            while index - octetStart < 4, let byte = bytes.byte(at: index), ASCIIClass.isDigit(byte) { index += 1 }
            guard isOctet(bytes[octetStart..<index]) else { return nil }
        }
        return index
    }
}
