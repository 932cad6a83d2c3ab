/// A cursor over the UTF-8 bytes of a TOML document that knows the current line and column.
///
/// TOML's tokens depend on context (`1.5` is a float after `=` but the dotted key `1`.`5` before
/// it; `1979-05-27 07:32:00` is one value with a space inside), so instead of a token stream the
/// lexer is a set of `scan…` methods (in the `TOMLScanner+…` files) that the parser calls for the
/// construct it expects. All of them work on bytes; text is decoded to `String` once per string.
///
/// The bytes must be valid UTF-8 (`UTF8Validation`), so the scanner can step over any byte
/// ≥ 0x80 as part of a well-formed scalar.
struct TOMLScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String?
    /// Index of the next unread byte.
    private(set) var offset = 0
    /// 1-based line of `offset`.
    private(set) var line = 1
    /// Offset of the first byte of the current line.
    private(set) var lineStart = 0
    /// The column of `columnCountedTo`, cached for `position`.
    private var column = 1
    private var columnCountedTo = 0

    init(bytes: UnsafeBufferPointer<UInt8>, file: String?) {
        self.bytes = bytes
        self.file = file
        // A byte-order mark is allowed only at the very start; it is not part of line 1's columns.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            offset = 3
            lineStart = 3
            columnCountedTo = 3
        }
    }

    var isAtEnd: Bool { offset >= bytes.count }

    /// The byte `ahead` positions after the cursor, or `nil` past the end.
    @inline(__always)
    func peek(_ ahead: Int = 0) -> UInt8? {
        let index = offset + ahead
        return index < bytes.count ? bytes[index] : nil
    }

    /// Moves past `count` bytes on the current line (never a line feed: use `consumeNewline`).
    @inline(__always)
    mutating func advance(_ count: Int = 1) {
        offset = min(offset + count, bytes.count)
    }

    /// Consumes LF or CRLF and moves to the next line; returns false (consuming nothing) otherwise.
    mutating func consumeNewline() -> Bool {
        if peek() == ASCII.lineFeed {
            offset += 1
        } else if peek() == ASCII.carriageReturn && peek(1) == ASCII.lineFeed {
            offset += 2
        } else {
            return false
        }
        line += 1
        lineStart = offset
        return true
    }

    /// The position of the cursor. The column counts Unicode scalars (every byte that is not a
    /// UTF-8 continuation byte) since the line start; counting resumes from the last position
    /// asked for, so a long line with many values stays linear.
    var position: TOMLPosition {
        mutating get {
            if columnCountedTo < lineStart || columnCountedTo > offset {
                columnCountedTo = lineStart
                column = 1
            }
            while columnCountedTo < offset {
                if bytes[columnCountedTo] & 0xC0 != 0x80 { column += 1 }
                columnCountedTo += 1
            }
            return TOMLPosition(file: file, line: line, column: column, offset: offset)
        }
    }

    /// Skips spaces and tabs.
    mutating func skipWhitespace() {
        while let byte = peek(), byte == ASCII.space || byte == ASCII.tab {
            offset += 1
        }
    }

    /// Skips a comment from `#` to the end of the line (the newline stays). Comments may hold any
    /// text except control characters other than tab.
    mutating func skipComment() throws(TOMLError) {
        offset += 1
        while let byte = peek() {
            if byte == ASCII.lineFeed || (byte == ASCII.carriageReturn && peek(1) == ASCII.lineFeed) {
                return
            }
            if ASCII.isForbiddenControl(byte) {
                throw .invalidValue("\(describeByte(byte)) is not allowed in a comment", at: position)
            }
            offset += 1
        }
    }

    /// Skips whitespace, comments and newlines (inside arrays, where all three may appear).
    mutating func skipWhitespaceCommentsAndNewlines() throws(TOMLError) {
        while true {
            skipWhitespace()
            if peek() == ASCII.hash {
                try skipComment()
            } else if !consumeNewline() {
                return
            }
        }
    }

    /// Whether the bytes at the cursor are `literal`.
    func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - offset >= count else { return false }
        let start = literal.utf8Start
        for index in 0..<count where bytes[offset + index] != start[index] {
            return false
        }
        return true
    }

    /// `String` from bytes already known to be valid UTF-8.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: Describing what was found, for error messages

    /// What is at the cursor, for "found …": `'x'`, `'tru'` (a whole bare word), `newline`,
    /// `end of file`, `U+0007`, `'é' (U+00E9)`.
    func describeCurrent() -> String {
        guard let byte = peek() else { return "end of file" }
        if isBareKeyByte(byte) {
            var end = offset
            while end < bytes.count, end - offset < 24, isBareKeyByte(bytes[end]) { end += 1 }
            return "'\(string(offset..<end))'"
        }
        return describeByte(byte)
    }

    /// One character for messages, decoding a multi-byte scalar at the cursor when `byte` leads one.
    func describeByte(_ byte: UInt8) -> String {
        switch byte {
        case ASCII.lineFeed: return "newline"
        case ASCII.carriageReturn: return peek(1) == ASCII.lineFeed ? "newline" : "carriage return (U+000D)"
        case ASCII.tab: return "tab"
        case 0..<0x20, ASCII.delete: return "control character \(unicodeName(UInt32(byte)))"
        case 0x20..<0x80: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            let length = UTF8Validation.sequenceLength(lead: byte)
            guard peek() == byte, bytes.count - offset >= length else {
                return "byte 0x" + String(byte, radix: 16, uppercase: true)
            }
            let text = string(offset..<offset + length)
            let scalar = text.unicodeScalars.first.map { $0.value } ?? UInt32(byte)
            return "'\(text)' (\(unicodeName(scalar)))"
        }
    }

    /// An "expected …, found …" error at the cursor.
    mutating func unexpected(_ expected: String) -> TOMLError {
        .unexpected(found: describeCurrent(), expected: expected, at: position)
    }
}

/// `U+00E9`.
func unicodeName(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
