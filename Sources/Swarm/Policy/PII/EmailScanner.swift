// Email addresses: `local@domain` where the local part is letters, digits and `. _ % + -`
// (no dot first, last or twice in a row, at most 64 characters) and the domain is two or more
// labels of letters, digits and inner hyphens, as many as follow, the last one a letter-only TLD
// of two or more. The address may not be glued to a non-ASCII letter or another `@`.
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
        while start > 0 && at - start < 64 && isLocalByte(bytes[start - 1]) { start -= 1 }
        // A local part has no two dots in a row: after such a run the address starts afresh
        // ("see...jo@x.com").
        var index = at - 1
        var splitAtDots = false
        while index > start {
            if bytes[index] == UInt8(ascii: ".") && bytes[index - 1] == UInt8(ascii: ".") {
                start = index + 1
                splitAtDots = true
                break
            }
            index -= 1
        }
        if !splitAtDots {
            // Still more local characters (over 64), or a non-ASCII letter: not an address we
            // can delimit.
            if let previous = bytes.byte(at: start - 1), isLocalByte(previous) || previous >= 0x80 { return nil }
            // A leading dot is punctuation before the address (".jo@x.com").
            while start < at && bytes[start] == UInt8(ascii: ".") { start += 1 }
        }
        // Reaching into the previous match: the text is one run, not two addresses.
        guard start >= limit, start < at, bytes[at - 1] != UInt8(ascii: ".") else { return nil }
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
            // A label with an edge hyphen (`example.co.uk-`) spoils the whole domain.
            guard !label.isEmpty, bytes[label.lowerBound] != UInt8(ascii: "-"),
                  bytes[label.upperBound - 1] != UInt8(ascii: "-") else { return nil }
            labels.append(label)
            if bytes.byte(at: index) == UInt8(ascii: "."), let next = bytes.byte(at: index + 1),
               ASCIIClass.isAlphanumeric(next) {
                index += 1
            } else {
                break
            }
        }
        // The domain's last label must be a letter-only TLD of two or more (`example.c0m` and
        // `host.local1` are not addresses), and a non-ASCII letter or another `@` right after
        // means the text is something else.
        guard labels.count >= 2, let last = labels.last, last.count >= 2,
              bytes[last].allSatisfy(ASCIIClass.isLetter) else { return nil }
        if let after = bytes.byte(at: last.upperBound), after >= 0x80 || after == UInt8(ascii: "@") { return nil }
        return last.upperBound
    }
}
