/// One piece of personal data found in a text.
public struct PIIMatch: Sendable, Hashable {
    public var kind: PIIKind
    /// Where the match is in the scanned string.
    public var range: Range<String.Index>
    /// The matched text as written (with its spaces or dashes).
    public var text: String
    /// The same range as 0-based UTF-8 byte offsets.
    public var utf8Range: Range<Int>

    public init(kind: PIIKind, range: Range<String.Index>, text: String, utf8Range: Range<Int>) {
        self.kind = kind
        self.range = range
        self.text = text
        self.utf8Range = utf8Range
    }
}

/// A match as the scanners produce it: a kind and a byte range in the UTF-8 text.
/// `PIIScanner` turns these into `PIIMatch`es once overlaps are resolved.
struct PIICandidate: Sendable, Hashable {
    var kind: PIIKind
    var start: Int
    var end: Int

    var length: Int { end - start }
}
