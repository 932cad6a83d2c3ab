// TOML's four string forms. Text without escapes (and without CRLF to normalise) is decoded
// straight from the source bytes; otherwise bytes are collected once into a buffer.

extension TOMLScanner {
    /// Scans any string form at the cursor (`"`, `"""`, `'`, `'''`).
    mutating func scanString() throws(TOMLError) -> String {
        if peek() == ASCII.quote {
            return matches("\"\"\"") ? try scanMultilineBasicString() : try scanBasicString()
        }
        return matches("'''") ? try scanMultilineLiteralString() : try scanLiteralString()
    }

    /// `"…"` with escapes, on one line.
    mutating func scanBasicString() throws(TOMLError) -> String {
        let open = position
        advance()
        var decoded: [UInt8] = []
        var hasEscapes = false
        var segmentStart = offset
        while true {
            guard let byte = peek() else {
                throw unexpected("'\"' to close the string opened at \(open.lineAndColumn)")
            }
            switch byte {
            case ASCII.quote:
                let text: String
                if hasEscapes {
                    decoded.append(contentsOf: bytes[segmentStart..<offset])
                    text = String(decoding: decoded, as: UTF8.self)
                } else {
                    text = string(segmentStart..<offset)
                }
                advance()
                return text
            case ASCII.backslash:
                decoded.append(contentsOf: bytes[segmentStart..<offset])
                hasEscapes = true
                try scanEscape(into: &decoded)
                segmentStart = offset
            case ASCII.lineFeed, ASCII.carriageReturn:
                throw unexpected("'\"' to close the string opened at \(open.lineAndColumn) "
                                 + "(use \"\"\" for a multi-line string)")
            default:
                try rejectControl(byte, in: "a string")
                advance()
            }
        }
    }

    /// `"""…"""`: escapes, newlines, and line-ending backslashes that trim following whitespace.
    mutating func scanMultilineBasicString() throws(TOMLError) -> String {
        let open = position
        advance(3)
        _ = consumeNewline()  // a newline right after the opening delimiter is not content
        var decoded: [UInt8] = []
        var segmentStart = offset
        while true {
            guard let byte = peek() else {
                throw unexpected("'\"\"\"' to close the string opened at \(open.lineAndColumn)")
            }
            switch byte {
            case ASCII.quote:
                if let closed = try closeMultiline(quote: ASCII.quote) {
                    decoded.append(contentsOf: bytes[segmentStart..<closed])
                    return String(decoding: decoded, as: UTF8.self)
                }
            case ASCII.backslash:
                decoded.append(contentsOf: bytes[segmentStart..<offset])
                if try !skipLineEndingBackslash() {
                    try scanEscape(into: &decoded)
                }
                segmentStart = offset
            case ASCII.lineFeed:
                _ = consumeNewline()
            case ASCII.carriageReturn:
                // CRLF is stored as LF, so a value does not depend on the file's line endings.
                decoded.append(contentsOf: bytes[segmentStart..<offset])
                guard consumeNewline() else {
                    throw .invalidValue("carriage return (U+000D) without line feed in a string", at: position)
                }
                decoded.append(ASCII.lineFeed)
                segmentStart = offset
            default:
                try rejectControl(byte, in: "a string")
                advance()
            }
        }
    }

    /// `'…'`: taken as written, on one line.
    mutating func scanLiteralString() throws(TOMLError) -> String {
        let open = position
        advance()
        let start = offset
        while true {
            guard let byte = peek() else {
                throw unexpected("\"'\" to close the string opened at \(open.lineAndColumn)")
            }
            switch byte {
            case ASCII.apostrophe:
                let text = string(start..<offset)
                advance()
                return text
            case ASCII.lineFeed, ASCII.carriageReturn:
                throw unexpected("\"'\" to close the string opened at \(open.lineAndColumn) "
                                 + "(use ''' for a multi-line string)")
            default:
                try rejectControl(byte, in: "a string")
                advance()
            }
        }
    }

    /// `'''…'''`: taken as written, newlines included (CRLF stored as LF).
    mutating func scanMultilineLiteralString() throws(TOMLError) -> String {
        let open = position
        advance(3)
        _ = consumeNewline()
        var decoded: [UInt8] = []
        var segmentStart = offset
        while true {
            guard let byte = peek() else {
                throw unexpected("\"'''\" to close the string opened at \(open.lineAndColumn)")
            }
            switch byte {
            case ASCII.apostrophe:
                if let closed = try closeMultiline(quote: ASCII.apostrophe) {
                    decoded.append(contentsOf: bytes[segmentStart..<closed])
                    return String(decoding: decoded, as: UTF8.self)
                }
            case ASCII.lineFeed:
                _ = consumeNewline()
            case ASCII.carriageReturn:
                decoded.append(contentsOf: bytes[segmentStart..<offset])
                guard consumeNewline() else {
                    throw .invalidValue("carriage return (U+000D) without line feed in a string", at: position)
                }
                decoded.append(ASCII.lineFeed)
                segmentStart = offset
            default:
                try rejectControl(byte, in: "a string")
                advance()
            }
        }
    }

    /// At a run of quotes inside a multi-line string: one or two are content; three to five close
    /// the string, the first (run − 3) being content. Returns the content's end offset when the
    /// string closed (cursor after the delimiter), `nil` when the quotes were content.
    private mutating func closeMultiline(quote: UInt8) throws(TOMLError) -> Int? {
        var run = 0
        while peek(run) == quote { run += 1 }
        guard run >= 3 else {
            advance(run)
            return nil
        }
        guard run <= 5 else {
            advance(5)
            throw .unexpected(found: describeCurrent(),
                              expected: "at most two quotes before a multi-line string's closing delimiter",
                              at: position)
        }
        advance(run - 3)
        let end = offset
        advance(3)
        return end
    }

    /// At a backslash in a multi-line basic string: if only whitespace follows up to the end of
    /// the line, skips it and all whitespace and newlines after it, and returns true.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var ahead = 1
        while let byte = peek(ahead), byte == ASCII.space || byte == ASCII.tab { ahead += 1 }
        let newline = peek(ahead) == ASCII.lineFeed
            || (peek(ahead) == ASCII.carriageReturn && peek(ahead + 1) == ASCII.lineFeed)
        guard newline else {
            if ahead > 1 {
                throw .invalidValue("a line-ending backslash must be followed only by whitespace and a newline",
                                    at: position)
            }
            return false
        }
        advance(ahead)
        while true {
            skipWhitespace()
            if !consumeNewline() { return true }
        }
    }

    /// An escape sequence at the cursor (on the backslash); appends the character's UTF-8.
    private mutating func scanEscape(into decoded: inout [UInt8]) throws(TOMLError) {
        let start = position
        advance()
        guard let letter = peek() else {
            throw unexpected("an escape character after '\\'")
        }
        let simple: UInt8?
        switch letter {
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case ASCII.quote: simple = ASCII.quote
        case ASCII.backslash: simple = ASCII.backslash
        case UInt8(ascii: "u"), UInt8(ascii: "U"): simple = nil
        default:
            throw .invalidValue("invalid escape '\\' followed by \(describeByte(letter)); TOML 1.0 allows "
                                + "\\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX", at: start)
        }
        advance()
        if let simple {
            decoded.append(simple)
            return
        }
        let digitCount = letter == UInt8(ascii: "u") ? 4 : 8
        var value: UInt32 = 0
        for _ in 0..<digitCount {
            guard let digit = peek(), ASCII.isHexDigit(digit) else {
                throw unexpected("\(digitCount) hex digits in the escape '\\\(Character(Unicode.Scalar(letter)))'")
            }
            value = value << 4 | ASCII.hexValue(digit)
            advance()
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw .invalidValue("escape \(unicodeName(value)) is not a Unicode scalar value "
                                + "(surrogates and values above U+10FFFF are not allowed)", at: start)
        }
        UTF8.encode(scalar) { decoded.append($0) }
    }

    private mutating func rejectControl(_ byte: UInt8, in context: String) throws(TOMLError) {
        if ASCII.isForbiddenControl(byte) {
            throw .invalidValue("\(describeByte(byte)) is not allowed in \(context)", at: position)
        }
    }
}
