/// One lexical token of a Jinja template.
struct JinjaToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Literal template text between tags (already whitespace-controlled).
        case text(String)
        case variableBegin, variableEnd   // {{ }}
        case blockBegin, blockEnd         // {% %}
        case name(String)
        case string(String)
        case integer(Int)
        case float(Double)
        case op(String)
        case end
    }

    var kind: Kind
    var location: SourceLocation
}

/// Whitespace options of the Jinja environment.
///
/// Hugging Face renders chat templates in `ImmutableSandboxedEnvironment(trim_blocks=True,
/// lstrip_blocks=True)`, so those are Apiary's defaults; jinja2's own defaults are both false.
struct JinjaWhitespace: Sendable {
    /// Remove the first newline after a block tag or comment.
    var trimBlocks = true
    /// Remove spaces and tabs from the start of a line up to a block tag or comment.
    var lstripBlocks = true
}

/// Splits template source into text and tag tokens, applying jinja2's
/// whitespace rules (`-`/`+` modifiers, trim_blocks, lstrip_blocks) and its
/// newline handling (line breaks normalised to `\n`, one trailing newline dropped).
struct JinjaLexer {
    private let source: [Unicode.Scalar]
    private let whitespace: JinjaWhitespace
    private var pos = 0
    private var line = 1
    private var column = 1
    private var tokens: [JinjaToken] = []

    init(_ text: String, whitespace: JinjaWhitespace) {
        self.source = JinjaLexer.normalizeNewlines(text)
        self.whitespace = whitespace
    }

    /// jinja2 splits on \r\n, \r and \n, rejoins with \n, and (keep_trailing_newline=False)
    /// drops a single final newline.
    static func normalizeNewlines(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            out.append(scalar)
        }
        if out.last == "\n" { out.removeLast() }
        return out
    }

    mutating func tokenize() throws(TemplateError) -> [JinjaToken] {
        var lineStarting = true
        while pos < source.count {
            guard let tagStart = nextTagStart(from: pos) else {
                emitText(upTo: source.count)
                break
            }
            let kind = source[tagStart + 1]
            var afterStart = tagStart + 2
            var modifier: Unicode.Scalar? = nil
            if afterStart < source.count, source[afterStart] == "-" || source[afterStart] == "+" {
                modifier = source[afterStart]
                afterStart += 1
            }
            // Whitespace control on the text before the tag.
            var textEnd = tagStart
            if modifier == "-" {
                while textEnd > pos, source[textEnd - 1].properties.isWhitespace { textEnd -= 1 }
            } else if modifier != "+", whitespace.lstripBlocks, kind != "{" {
                var lineStart = textEnd
                while lineStart > pos, source[lineStart - 1] != "\n" { lineStart -= 1 }
                let atLineStart = lineStart > pos || (lineStart == pos && lineStarting)
                let onlySpaces = lineStart < textEnd && source[lineStart..<textEnd].allSatisfy { $0 != "\n" && $0.properties.isWhitespace }
                if atLineStart && onlySpaces { textEnd = lineStart }
            }
            emitText(upTo: textEnd)
            advance(to: tagStart)

            if kind == "%", let rawEnd = try lexRawBlock(afterStart: afterStart) {
                lineStarting = rawEnd
                continue
            }
            switch kind {
            case "#":
                lineStarting = try skipComment(from: afterStart)
            case "{":
                append(.variableBegin)
                advance(to: afterStart)
                lineStarting = try lexTagBody(isBlock: false)
            default:
                append(.blockBegin)
                advance(to: afterStart)
                lineStarting = try lexTagBody(isBlock: true)
            }
        }
        append(.end)
        return tokens
    }

    // MARK: - Text and tags

    private func nextTagStart(from start: Int) -> Int? {
        var i = start
        while i + 1 < source.count {
            if source[i] == "{" {
                let next = source[i + 1]
                if next == "{" || next == "%" || next == "#" { return i }
            }
            i += 1
        }
        return nil
    }

    private mutating func emitText(upTo end: Int) {
        if end > pos {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: source[pos..<end])
            append(.text(String(text)))
        }
        advance(to: end)
    }

    /// Skips a comment; returns whether the consumed end ended with a newline.
    private mutating func skipComment(from start: Int) throws(TemplateError) -> Bool {
        let opening = here
        var i = start
        while i < source.count {
            if matches("+#}", at: i) { advance(to: i + 3); return false }
            if matches("-#}", at: i) {
                var end = i + 3
                while end < source.count, source[end].properties.isWhitespace { end += 1 }
                advance(to: end)
                return end > i + 3 && source[end - 1] == "\n"
            }
            if matches("#}", at: i) {
                var end = i + 2
                if whitespace.trimBlocks, end < source.count, source[end] == "\n" { end += 1 }
                advance(to: end)
                return source[end - 1] == "\n"
            }
            i += 1
        }
        throw .syntax("comment is not closed with '#}'", at: opening)
    }

    /// `{% raw %}…{% endraw %}`: the body is text, not parsed.
    private mutating func lexRawBlock(afterStart: Int) throws(TemplateError) -> Bool? {
        var i = afterStart
        while i < source.count, source[i].properties.isWhitespace { i += 1 }
        guard matches("raw", at: i) else { return nil }
        i += 3
        while i < source.count, source[i].properties.isWhitespace { i += 1 }
        let bodyStart: Int
        if matches("-%}", at: i) {
            var j = i + 3
            while j < source.count, source[j].properties.isWhitespace { j += 1 }
            bodyStart = j
        } else if matches("%}", at: i) {
            bodyStart = i + 2
        } else {
            return nil
        }
        let opening = here
        var j = bodyStart
        while j < source.count {
            if matches("{%", at: j) {
                var k = j + 2
                var stripBody = false
                if k < source.count, source[k] == "-" || source[k] == "+" { stripBody = source[k] == "-"; k += 1 }
                while k < source.count, source[k].properties.isWhitespace { k += 1 }
                if matches("endraw", at: k) {
                    k += 6
                    while k < source.count, source[k].properties.isWhitespace { k += 1 }
                    var end: Int
                    if matches("-%}", at: k) {
                        end = k + 3
                        while end < source.count, source[end].properties.isWhitespace { end += 1 }
                    } else if matches("+%}", at: k) {
                        end = k + 3
                    } else if matches("%}", at: k) {
                        end = k + 2
                        if whitespace.trimBlocks, end < source.count, source[end] == "\n" { end += 1 }
                    } else {
                        throw .syntax("malformed endraw tag", at: opening)
                    }
                    var bodyEnd = j
                    if stripBody { while bodyEnd > bodyStart, source[bodyEnd - 1].properties.isWhitespace { bodyEnd -= 1 } }
                    advance(to: bodyStart)
                    emitText(upTo: bodyEnd)
                    advance(to: end)
                    return source[end - 1] == "\n"
                }
            }
            j += 1
        }
        throw .syntax("raw block is not closed with '{% endraw %}'", at: opening)
    }

    /// Lexes expression tokens up to the closing `}}` or `%}`; returns whether
    /// the consumed end ended with a newline (jinja's `line_starting`).
    private mutating func lexTagBody(isBlock: Bool) throws(TemplateError) -> Bool {
        let opening = here
        var depth = 0
        while pos < source.count {
            let c = source[pos]
            if depth == 0 {
                if isBlock {
                    if matches("+%}", at: pos) { advance(to: pos + 3); append(.blockEnd); return false }
                    if matches("-%}", at: pos) { return endTagStrippingWhitespace(length: 3, kind: .blockEnd) }
                    if matches("%}", at: pos) {
                        let location = here
                        var end = pos + 2
                        if whitespace.trimBlocks, end < source.count, source[end] == "\n" { end += 1 }
                        advance(to: end)
                        tokens.append(JinjaToken(kind: .blockEnd, location: location))
                        return source[end - 1] == "\n"
                    }
                } else {
                    if matches("-}}", at: pos) { return endTagStrippingWhitespace(length: 3, kind: .variableEnd) }
                    if matches("}}", at: pos) { append(.variableEnd); advance(to: pos + 2); return false }
                }
            }
            if c.properties.isWhitespace { advance(to: pos + 1); continue }
            let location = here
            if c == "_" || c.properties.isAlphabetic {
                var end = pos + 1
                while end < source.count, source[end] == "_" || source[end].properties.isAlphabetic || ("0"..."9").contains(source[end]) { end += 1 }
                tokens.append(JinjaToken(kind: .name(string(pos, end)), location: location))
                advance(to: end)
                continue
            }
            if ("0"..."9").contains(c) {
                try lexNumber(location: location)
                continue
            }
            if c == "'" || c == "\"" {
                try lexString(quote: c, location: location)
                continue
            }
            let twoChar = ["//", "**", "==", "!=", "<=", ">="]
            if let op = twoChar.first(where: { matches($0, at: pos) }) {
                tokens.append(JinjaToken(kind: .op(op), location: location))
                advance(to: pos + 2)
                continue
            }
            if "+-/*%~[](){}<>=.:|,;".unicodeScalars.contains(c) {
                if c == "(" || c == "[" || c == "{" { depth += 1 }
                if c == ")" || c == "]" || c == "}" {
                    if depth == 0 { throw .syntax("unexpected '\(c)'", at: location) }
                    depth -= 1
                }
                tokens.append(JinjaToken(kind: .op(String(c)), location: location))
                advance(to: pos + 1)
                continue
            }
            throw .syntax("unexpected character '\(c)'", at: location)
        }
        throw .syntax(isBlock ? "tag is not closed with '%}'" : "expression is not closed with '}}'", at: opening)
    }

    private mutating func endTagStrippingWhitespace(length: Int, kind: JinjaToken.Kind) -> Bool {
        append(kind)
        var end = pos + length
        while end < source.count, source[end].properties.isWhitespace { end += 1 }
        let endsWithNewline = end > pos + length && source[end - 1] == "\n"
        advance(to: end)
        return endsWithNewline
    }

    private mutating func lexNumber(location: SourceLocation) throws(TemplateError) {
        var end = pos
        func digits(_ end: inout Int) {
            while end < source.count, ("0"..."9").contains(source[end]) || (source[end] == "_" && end + 1 < source.count && ("0"..."9").contains(source[end + 1])) { end += 1 }
        }
        digits(&end)
        var isFloat = false
        if end + 1 < source.count, source[end] == ".", ("0"..."9").contains(source[end + 1]) {
            isFloat = true
            end += 1
            digits(&end)
        }
        if end < source.count, source[end] == "e" || source[end] == "E" {
            var e = end + 1
            if e < source.count, source[e] == "+" || source[e] == "-" { e += 1 }
            if e < source.count, ("0"..."9").contains(source[e]) {
                isFloat = true
                end = e
                digits(&end)
            }
        }
        let text = string(pos, end).replacingOccurrences(of: "_", with: "")
        if isFloat {
            guard let value = Double(text) else { throw .syntax("bad number '\(text)'", at: location) }
            tokens.append(JinjaToken(kind: .float(value), location: location))
        } else {
            guard let value = Int(text) else { throw .syntax("integer '\(text)' is too large", at: location) }
            tokens.append(JinjaToken(kind: .integer(value), location: location))
        }
        advance(to: end)
    }

    /// A quoted string with Python's backslash escapes.
    private mutating func lexString(quote: Unicode.Scalar, location: SourceLocation) throws(TemplateError) {
        var out = String.UnicodeScalarView()
        var i = pos + 1
        while i < source.count {
            let c = source[i]
            if c == quote {
                tokens.append(JinjaToken(kind: .string(String(out)), location: location))
                advance(to: i + 1)
                return
            }
            if c == "\\", i + 1 < source.count {
                let e = source[i + 1]
                i += 2
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "v": out.append("\u{0B}")
                case "a": out.append("\u{07}")
                case "0": out.append("\u{00}")
                case "\\", "'", "\"": out.append(e)
                case "\n": break
                case "x", "u", "U":
                    let width = e == "x" ? 2 : (e == "u" ? 4 : 8)
                    guard i + width <= source.count,
                          let code = UInt32(string(i, i + width), radix: 16),
                          let scalar = Unicode.Scalar(code) else {
                        throw .syntax("bad \\\(e) escape in string", at: location)
                    }
                    out.append(scalar)
                    i += width
                default:
                    out.append("\\")
                    out.append(e)
                }
                continue
            }
            out.append(c)
            i += 1
        }
        throw .syntax("string is not closed", at: location)
    }

    // MARK: - Positions

    private var here: SourceLocation { SourceLocation(line: line, column: column) }

    private mutating func append(_ kind: JinjaToken.Kind) {
        tokens.append(JinjaToken(kind: kind, location: here))
    }

    private mutating func advance(to target: Int) {
        while pos < target {
            if source[pos] == "\n" { line += 1; column = 1 } else { column += 1 }
            pos += 1
        }
    }

    private func matches(_ literal: String, at index: Int) -> Bool {
        var i = index
        for scalar in literal.unicodeScalars {
            guard i < source.count, source[i] == scalar else { return false }
            i += 1
        }
        return true
    }

    private func string(_ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: source[start..<end])
        return String(view)
    }
}
