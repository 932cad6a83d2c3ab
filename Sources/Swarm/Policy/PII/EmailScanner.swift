// Email addresses: `local@domain` where the local part is letters, digits and `. _ % + -`
// (not starting or ending with a dot, at most 64 characters) and the domain is two or more
// labels of letters, digits and inner hyphens, the last one a letter-only TLD of two or more.
// The `@` may be percent-encoded (`%40`) as in URL queries. Because the local part cannot
// contain `:`, `/`, `=`, `?` or `&`, an address is found inside `mailto:jane@x.com` or
// `https://x.com/?user=jane@x.com&y=1` without the URL around it. A sentence's final dot is not
// part of the domain.

enum EmailScanner {
    static func candidates(in bytes: [UInt8]) -> [PIICandidate] {
        var found: [PIICandidate] = []
        var lastEnd = 0
        for index in bytes.indices {
            let atLength: Int
            if bytes[index] == UInt8(ascii: "@") {
                atLength = 1
            } else if bytes[index] == UInt8(ascii: "%"), bytes.byte(at: index + 1) == UInt8(ascii: "4"),
                      bytes.byte(at: index + 2) == UInt8(ascii: "0") {
                atLength = 3
            } else {
                continue
            }
            guard index >= lastEnd,
                  let start = localPartStart(endingAt: index, notBefore: lastEnd, in: bytes),
                  let end = domainEnd(startingAt: index + atLength, in: bytes) else { continue }
            found.append(PIICandidate(kind: .email, start: start, end: end))
            lastEnd = end
        }
        return found
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        ASCIIClass.isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "%")
    }

    /// The start of the local part that ends before the `@` at `at`, or `nil`.
    private static func localPartStart(endingAt at: Int, notBefore limit: Int, in bytes: [UInt8]) -> Int? {
        var start = at
        while start > limit && at - start < 64 && isLocalByte(bytes[start - 1]) { start -= 1 }
        // A longer run of local characters, or a non-ASCII letter, means the text before is not
        // an address we can delimit.
        if let previous = bytes.byte(at: start - 1), start > limit, isLocalByte(previous) || previous >= 0x80 {
            return nil
        }
        // `%40`-encoded text: a `%` in the local part is an escape, which we do not decode.
        while start < at && bytes[start] == UInt8(ascii: ".") { start += 1 }
        guard start < at, bytes[at - 1] != UInt8(ascii: ".") else { return nil }
        return start
    }

    /// The end of a domain starting at `start`, or `nil` if none is there.
    private static func domainEnd(startingAt start: Int, in bytes: [UInt8]) -> Int? {
        var index = start
        var labels: [Range<Int>] = []
        while true {
            let labelStart = index
            while let byte = bytes.byte(at: index), ASCIIClass.isAlphanumeric(byte) || byte == UInt8(ascii: "-") {
                index += 1
            }
            let label = labelStart..<index
            guard !label.isEmpty, bytes[label.lowerBound] != UInt8(ascii: "-"),
                  bytes[label.upperBound - 1] != UInt8(ascii: "-") else { break }
            labels.append(label)
            if bytes.byte(at: index) == UInt8(ascii: "."), let next = bytes.byte(at: index + 1),
               ASCIIClass.isAlphanumeric(next) {
                index += 1
            } else {
                break
            }
        }
        // Drop trailing labels that do not qualify as a TLD (e.g. a hyphenated word after a dot).
        while let last = labels.last, !(last.count >= 2 && bytes[last].allSatisfy(ASCIIClass.isLetter)) {
            labels.removeLast()
            if labels.count < 2 { return nil }
        }
        guard labels.count >= 2, let last = labels.last else { return nil }
        if let after = bytes.byte(at: last.upperBound), after >= 0x80 { return nil }
        return last.upperBound
    }
}
