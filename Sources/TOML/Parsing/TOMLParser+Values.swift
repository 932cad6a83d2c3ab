// Values: strings, numbers, booleans, date-times, arrays and inline tables. Arrays and inline
// tables recurse; `depth` bounds the recursion (`TOMLParser.maxDepth`).

extension TOMLParser {
    /// The value at the cursor. `depth` is its nesting level; `path` names it in messages (only
    /// needed for arrays and inline tables).
    mutating func parseValue(depth: Int, path: String) throws(TOMLError) -> TOMLValue {
        let start = scanner.position
        guard let byte = scanner.peek() else {
            throw scanner.unexpected("a value")
        }
        let kind: TOMLValue.Kind
        switch byte {
        case ASCII.quote, ASCII.apostrophe:
            kind = .string(try scanner.scanString())
        case UInt8(ascii: "t") where scanner.matches("true"):
            scanner.advance(4)
            kind = .bool(true)
        case UInt8(ascii: "f") where scanner.matches("false"):
            scanner.advance(5)
            kind = .bool(false)
        case ASCII.openBracket:
            return try parseArray(depth: depth, path: path)
        case ASCII.openBrace:
            return try parseInlineTable(depth: depth, path: path)
        case _ where scanner.isAtDateOrTime:
            kind = try scanner.scanDateTime()
        case UInt8(ascii: "0")...UInt8(ascii: "9"), ASCII.plus, ASCII.minus,
             UInt8(ascii: "i"), UInt8(ascii: "n"):
            kind = try scanner.scanNumber()
        default:
            throw scanner.unexpected("a value (string, number, boolean, date-time, array or inline table)")
        }
        return TOMLValue(kind, position: start)
    }

    /// `[ v, v, … ]`, across lines, with comments and an optional trailing comma.
    private mutating func parseArray(depth: Int, path: String) throws(TOMLError) -> TOMLValue {
        let start = scanner.position
        try checkDepth(depth, at: start)
        scanner.advance()
        var elements: [TOMLValue] = []
        while true {
            try scanner.skipWhitespaceCommentsAndNewlines()
            if scanner.peek() == ASCII.closeBracket {
                scanner.advance()
                break
            }
            let isContainer = scanner.peek() == ASCII.openBracket || scanner.peek() == ASCII.openBrace
            elements.append(try parseValue(depth: depth + 1, path: isContainer ? "\(path)[\(elements.count)]" : ""))
            try scanner.skipWhitespaceCommentsAndNewlines()
            switch scanner.peek() {
            case ASCII.comma?:
                scanner.advance()
            case ASCII.closeBracket?:
                scanner.advance()
                return TOMLValue(.array(elements), position: start)
            default:
                throw scanner.unexpected("',' or ']' after an array element (array opened at \(start.lineAndColumn))")
            }
        }
        return TOMLValue(.array(elements), position: start)
    }

    /// `{ k = v, … }` on one line, without a trailing comma (TOML 1.0).
    private mutating func parseInlineTable(depth: Int, path: String) throws(TOMLError) -> TOMLValue {
        let start = scanner.position
        try checkDepth(depth, at: start)
        scanner.advance()
        let table = TableNode(origin: .inline, position: start, depth: depth, path: path)
        scanner.skipWhitespace()
        if scanner.peek() == ASCII.closeBrace {
            scanner.advance()
            return TOMLValue(.table(table.freeze()), position: start)
        }
        while true {
            scanner.skipWhitespace()
            try parseKeyValue(into: table)
            scanner.skipWhitespace()
            switch scanner.peek() {
            case ASCII.comma?:
                scanner.advance()
                scanner.skipWhitespace()
                if scanner.peek() == ASCII.closeBrace {
                    throw .unexpected(found: "'}'", expected: "a key after ',' (TOML 1.0 inline tables have "
                                      + "no trailing comma)", at: scanner.position)
                }
            case ASCII.closeBrace?:
                scanner.advance()
                return TOMLValue(.table(table.freeze()), position: start)
            default:
                throw scanner.unexpected("',' or '}' in the inline table opened at \(start.lineAndColumn) "
                                         + "(inline tables are on one line)")
            }
        }
    }

    private func checkDepth(_ depth: Int, at position: TOMLPosition) throws(TOMLError) {
        guard depth <= Self.maxDepth else {
            throw .nestingTooDeep(limit: Self.maxDepth, at: position)
        }
    }
}
