/// Finds personal data in text with hand-written scanners (no regular expressions): email
/// addresses, phone numbers, payment card numbers (Luhn and issuer checked), IBANs (MOD 97
/// checked), US social security numbers and IPv4/IPv6 addresses. The rules for each kind, and
/// the word-boundary rules they share, are documented beside each scanner.
///
///     let scanner = PIIScanner(kinds: [.email, .card])
///     scanner.matches(in: "card 4111 1111 1111 1111, mail me at jo@example.com")
///     // [card "4111 1111 1111 1111", email "jo@example.com"]
public struct PIIScanner: Sendable {
    /// The kinds reported. All kinds are always scanned, so that a number that is an IBAN is
    /// never reported as a phone number just because IBANs are not wanted.
    public var kinds: Set<PIIKind>

    public init(kinds: Set<PIIKind> = Set(PIIKind.allCases)) {
        self.kinds = kinds
    }

    /// The matches of the wanted kinds, in text order, never overlapping.
    public func matches(in text: String) -> [PIIMatch] {
        let bytes = Array(text.utf8)
        let utf8 = text.utf8
        // Candidates are in text order, so each index is found by walking on from the last.
        var index = utf8.startIndex
        var offset = 0
        return resolvedCandidates(in: bytes).map { candidate in
            let lower = utf8.index(index, offsetBy: candidate.start - offset)
            let upper = utf8.index(lower, offsetBy: candidate.length)
            (index, offset) = (upper, candidate.end)
            return PIIMatch(kind: candidate.kind, range: lower..<upper,
                            text: String(decoding: bytes[candidate.start..<candidate.end], as: UTF8.self),
                            utf8Range: candidate.start..<candidate.end)
        }
    }

    /// `text` with every match replaced by its kind's placeholder (`[EMAIL]`, `[CARD]` …).
    public func redact(_ text: String) -> PIIRedaction {
        let bytes = Array(text.utf8)
        let candidates = resolvedCandidates(in: bytes)
        guard !candidates.isEmpty else { return PIIRedaction(text: text, kinds: []) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var copied = 0
        for candidate in candidates {
            output += bytes[copied..<candidate.start]
            output += Array(candidate.kind.placeholder.utf8)
            copied = candidate.end
        }
        output += bytes[copied...]
        return PIIRedaction(text: String(decoding: output, as: UTF8.self), kinds: candidates.map(\.kind))
    }

    /// Candidates of every kind; where two overlap, the longer wins, then the kind with the
    /// higher precedence (a Luhn-valid card over a phone-shaped part of it). Then filtered to
    /// the wanted kinds and sorted by position.
    func resolvedCandidates(in bytes: [UInt8]) -> [PIICandidate] {
        let runs = DigitRun.all(in: bytes)
        var all = CardScanner.candidates(in: runs, bytes: bytes)
        all += IBANScanner.candidates(in: bytes)
        all += SSNScanner.candidates(in: runs, bytes: bytes)
        all += EmailScanner.candidates(in: bytes)
        all += IPAddressScanner.ipv4Candidates(in: runs, bytes: bytes)
        all += IPAddressScanner.ipv6Candidates(in: bytes)
        all += PhoneScanner.candidates(in: runs, bytes: bytes)
        guard !all.isEmpty else { return [] }
        all.sort { a, b in
            if a.length != b.length { return a.length > b.length }
            if a.kind.precedence != b.kind.precedence { return a.kind.precedence < b.kind.precedence }
            return a.start < b.start
        }
        // Each scanner's own matches do not overlap, so a byte is covered by at most seven
        // candidates and checking coverage byte by byte stays linear in the text.
        var covered = [Bool](repeating: false, count: bytes.count)
        var kept: [PIICandidate] = []
        for candidate in all where !covered[candidate.start..<candidate.end].contains(true) {
            for index in candidate.start..<candidate.end { covered[index] = true }
            kept.append(candidate)
        }
        return kept.filter { kinds.contains($0.kind) }.sorted { $0.start < $1.start }
    }
}

/// A text with its personal data replaced by placeholders.
public struct PIIRedaction: Sendable, Hashable {
    /// The redacted text.
    public var text: String
    /// The kind of each replaced match, in text order. The matched text itself is not kept, so
    /// a redaction can be stored and traced without leaking what it removed.
    public var kinds: [PIIKind]

    public init(text: String, kinds: [PIIKind]) {
        self.text = text
        self.kinds = kinds
    }

    /// How many matches of each kind were replaced.
    public var counts: [PIIKind: Int] {
        kinds.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}
