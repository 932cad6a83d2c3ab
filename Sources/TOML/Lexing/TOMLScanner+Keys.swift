/// One part of a (possibly dotted) key, with where it was written.
struct KeyPart {
    var name: String
    var position: TOMLPosition
}

extension TOMLScanner {
    /// A key: one or more bare or quoted parts separated by dots (whitespace around dots allowed).
    mutating func scanKey() throws(TOMLError) -> [KeyPart] {
        var parts = [try scanKeyPart()]
        while true {
            skipWhitespace()
            guard peek() == ASCII.dot else { return parts }
            advance()
            skipWhitespace()
            parts.append(try scanKeyPart())
        }
    }

    /// A bare key (`A-Z a-z 0-9 _ -`) or a single-line basic or literal string.
    private mutating func scanKeyPart() throws(TOMLError) -> KeyPart {
        let start = position
        switch peek() {
        case ASCII.quote?, ASCII.apostrophe?:
            if matches("\"\"\"") || matches("'''") {
                throw .unexpected(found: "a multi-line string", expected: "a key (keys are bare words or "
                                  + "single-line quoted strings)", at: start)
            }
            return KeyPart(name: try scanString(), position: start)
        case let byte? where isBareKeyByte(byte):
            let begin = offset
            while let next = peek(), isBareKeyByte(next) { advance() }
            return KeyPart(name: string(begin..<offset), position: start)
        default:
            throw unexpected("a key")
        }
    }
}
