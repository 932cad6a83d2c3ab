/// Recursive-descent parser for TOML 1.0.0 over a `TOMLScanner`.
///
/// The document is a sequence of lines: blank, comment, `key = value`, `[table]` or
/// `[[array.of.tables]]`. Sections write into `TableNode`s, whose definition rules live in
/// `TableNode+Definitions.swift`; values (arrays, inline tables, scalars) are parsed in
/// `TOMLParser+Values.swift`.
struct TOMLParser {
    /// The deepest nesting of tables and arrays accepted. Deeper input is an error rather than
    /// a stack overflow in the recursive value parser.
    static let maxDepth = 128

    var scanner: TOMLScanner
    let root: TableNode
    /// The table the current section writes to.
    var section: TableNode

    /// Parses a whole document from UTF-8 bytes (validated here when `validateUTF8`).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String?, validateUTF8: Bool)
        throws(TOMLError) -> TOMLTable
    {
        if validateUTF8, let bad = UTF8Validation.firstInvalidOffset(bytes) {
            throw .invalidEncoding("invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))",
                                   at: positionByCounting(bytes, upTo: bad, file: file))
        }
        var parser = TOMLParser(bytes: bytes, file: file)
        return try parser.parseDocument()
    }

    init(bytes: UnsafeBufferPointer<UInt8>, file: String?) {
        scanner = TOMLScanner(bytes: bytes, file: file)
        root = TableNode(origin: .header, position: TOMLPosition(file: file, line: 1, column: 1, offset: 0),
                         depth: 0, path: "")
        section = root
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        while true {
            scanner.skipWhitespace()
            guard let byte = scanner.peek() else { break }
            switch byte {
            case ASCII.lineFeed, ASCII.carriageReturn:
                guard scanner.consumeNewline() else {
                    throw .invalidValue("carriage return (U+000D) without line feed", at: scanner.position)
                }
            case ASCII.hash:
                try scanner.skipComment()
            case ASCII.openBracket:
                try parseHeader()
                try expectEndOfLine(after: "the table header")
            default:
                try parseKeyValue(into: section)
                try expectEndOfLine(after: "a key-value pair")
            }
        }
        return root.freeze()
    }

    /// `[a.b]` or `[[a.b]]`.
    private mutating func parseHeader() throws(TOMLError) {
        let header = scanner.position
        scanner.advance()
        let isArray = scanner.peek() == ASCII.openBracket
        if isArray { scanner.advance() }
        scanner.skipWhitespace()
        let keys = try scanner.scanKey()
        scanner.skipWhitespace()
        guard scanner.peek() == ASCII.closeBracket, !isArray || scanner.peek(1) == ASCII.closeBracket else {
            throw scanner.unexpected(isArray ? "']]' to close the array-of-tables header" : "']' to close the table header")
        }
        scanner.advance(isArray ? 2 : 1)
        section = isArray
            ? try root.appendToArrayOfTables(keys, header: header)
            : try root.defineTable(keys, header: header)
    }

    /// `key = value` into `table`; the value's nesting depth counts from the table.
    mutating func parseKeyValue(into table: TableNode) throws(TOMLError) {
        let keys = try scanner.scanKey()
        scanner.skipWhitespace()
        guard scanner.peek() == ASCII.equals else {
            throw scanner.unexpected("'=' after key")
        }
        scanner.advance()
        scanner.skipWhitespace()
        // The path names arrays and inline tables in messages; scalars do not need it.
        let isContainer = scanner.peek() == ASCII.openBracket || scanner.peek() == ASCII.openBrace
        let path = isContainer ? keys.reduce(table.path) { TOMLKeyPath.appending($1.name, to: $0) } : ""
        let value = try parseValue(depth: table.depth + keys.count, path: path)
        try table.insert(keys, value)
    }

    /// After a header or key-value pair: optional whitespace and comment, then newline or end.
    private mutating func expectEndOfLine(after what: String) throws(TOMLError) {
        scanner.skipWhitespace()
        if scanner.peek() == ASCII.hash { try scanner.skipComment() }
        guard scanner.isAtEnd || scanner.consumeNewline() else {
            throw scanner.unexpected("a newline after \(what)")
        }
    }

    /// The position of `offset` found by counting from the start (for errors found before
    /// scanning, such as invalid UTF-8).
    static func positionByCounting(_ bytes: UnsafeBufferPointer<UInt8>, upTo offset: Int, file: String?)
        -> TOMLPosition
    {
        var line = 1
        var column = 1
        for index in 0..<min(offset, bytes.count) {
            if bytes[index] == ASCII.lineFeed {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return TOMLPosition(file: file, line: line, column: column, offset: offset)
    }
}
