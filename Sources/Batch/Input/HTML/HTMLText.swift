/// Turns the HTML bodies helpdesks export (Zendesk `description`, Freshdesk `Description`) into
/// plain text a model can read: tags dropped, block ends and `<br>` made newlines, list items
/// made bullets, entities decoded, source whitespace collapsed, scripts and styles removed.
enum HTMLText {
    /// Tags whose presence makes a text HTML. Angle brackets alone do not (`if a < b > c`).
    private static let knownTags: Set<String> = [
        "html", "head", "body", "p", "br", "div", "span", "a", "b", "i", "u", "em", "strong", "li",
        "ul", "ol", "table", "tbody", "thead", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
        "img", "pre", "code", "blockquote", "hr", "font", "center", "section", "article", "small",
        "sup", "sub", "style", "script", "meta", "title",
    ]
    /// Tags that end a line of text.
    private static let lineTags: Set<String> = [
        "div", "tr", "ul", "ol", "table", "blockquote", "pre", "hr", "section", "article", "header",
        "footer", "title",
    ]
    /// Tags that end a paragraph: a blank line.
    private static let paragraphTags: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6"]

    /// Whether `text` contains at least one known HTML tag (or a comment or doctype).
    static func looksLikeHTML(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.containsByte(UInt8(ascii: "<")) else { return false }
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            if let tag = Tag(in: bytes, at: open) {
                if tag.isComment || knownTags.contains(tag.name) { return true }
                index = tag.end
            } else {
                index = open + 1
            }
        }
        return false
    }

    /// Markdown (a GitHub body) as the model should see it: HTML comments, which GitHub never
    /// renders (issue-template instructions), removed; everything else, line breaks and code
    /// blocks included, kept as written.
    static func removingComments(fromMarkdown markdown: String) -> String {
        let bytes = Array(markdown.utf8)
        guard bytes.containsByte(UInt8(ascii: "<")) else { return markdown }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), bytes[index...].starts(with: "<!--".utf8),
               let tag = Tag(in: bytes, at: index) {
                index = tag.end
                continue
            }
            kept.append(bytes[index])
            index += 1
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// The plain text of an HTML fragment or document.
    static func plainText(fromHTML html: String) -> String {
        let bytes = Array(html.utf8)
        var writer = PlainTextWriter()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "<"):
                guard let tag = Tag(in: bytes, at: index) else {
                    writer.append(byte)
                    index += 1
                    continue
                }
                index = tag.end
                if tag.isComment { continue }
                if !tag.isClosing && (tag.name == "script" || tag.name == "style") {
                    index = end(ofElement: tag.name, in: bytes, from: index)
                    continue
                }
                apply(tag, to: &writer)
            case UInt8(ascii: "&"):
                let limit = min(bytes.count, index + 34)
                if let semicolon = bytes[(index + 1)..<limit].firstIndex(of: UInt8(ascii: ";")),
                   let decoded = HTMLEntities.decode(bytes[(index + 1)..<semicolon]) {
                    writer.appendLiteral(decoded)
                    index = semicolon + 1
                } else {
                    writer.append(byte)
                    index += 1
                }
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                writer.space()
                index += 1
            default:
                writer.append(byte)
                index += 1
            }
        }
        return writer.finish()
    }

    private static func apply(_ tag: Tag, to writer: inout PlainTextWriter) {
        if tag.name == "br" {
            writer.lineBreak()
        } else if tag.name == "li" {
            if !tag.isClosing {
                writer.ensureNewlines(1)
                writer.appendLiteral("• ")
            }
        } else if paragraphTags.contains(tag.name) {
            writer.ensureNewlines(2)
        } else if lineTags.contains(tag.name) {
            writer.ensureNewlines(1)
        } else if tag.name == "td" || tag.name == "th" {
            writer.space()
        }
    }

    /// The index after `</name ...>`, or the end of the input when the element is never closed.
    private static func end(ofElement name: String, in bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            if let tag = Tag(in: bytes, at: open), tag.isClosing, tag.name == name { return tag.end }
            index = open + 1
        }
        return bytes.count
    }

    /// A tag found at a `<`: its lowercased name, whether it closes, and the index after its `>`.
    private struct Tag {
        var name: String
        var isClosing: Bool
        var isComment: Bool
        var end: Int

        init?(in bytes: [UInt8], at open: Int) {
            var index = open + 1
            guard index < bytes.count else { return nil }
            if bytes[index...].starts(with: "!--".utf8) {
                // A comment runs to `-->`; an unclosed one to the end.
                let body = index + 3
                var close = body
                while close + 2 < bytes.count && !(bytes[close] == 0x2D && bytes[close + 1] == 0x2D && bytes[close + 2] == 0x3E) {
                    close += 1
                }
                self.init(name: "", isClosing: false, isComment: true, end: min(close + 3, bytes.count))
                return
            }
            let isClosing = bytes[index] == UInt8(ascii: "/")
            if isClosing { index += 1 }
            let isDeclaration = index < bytes.count && (bytes[index] == UInt8(ascii: "!") || bytes[index] == UInt8(ascii: "?"))
            let nameStart = isDeclaration ? index + 1 : index
            var nameEnd = nameStart
            while nameEnd < bytes.count, Tag.isNameByte(bytes[nameEnd]) { nameEnd += 1 }
            guard nameEnd > nameStart, nameEnd < bytes.count else { return nil }
            // The name must end at whitespace, `/` or `>`: `<3` or `<b.c` is text.
            let after = bytes[nameEnd]
            guard after == 0x3E || after == 0x2F || after == 0x20 || after == 0x09 || after == 0x0A || after == 0x0D else {
                return nil
            }
            // Find the closing `>`, skipping quoted attribute values that may contain one.
            var quote: UInt8?
            var close = nameEnd
            while close < bytes.count {
                let byte = bytes[close]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == 0x22 || byte == 0x27 {
                    quote = byte
                } else if byte == 0x3E {
                    break
                }
                close += 1
            }
            guard close < bytes.count else { return nil }
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self).lowercased()
            self.init(name: isDeclaration ? "!" + name : name, isClosing: isClosing, isComment: isDeclaration, end: close + 1)
        }

        private init(name: String, isClosing: Bool, isComment: Bool, end: Int) {
            self.name = name
            self.isClosing = isClosing
            self.isComment = isComment
            self.end = end
        }

        private static func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        }
    }
}

/// Builds plain text with HTML's whitespace rules: runs of source whitespace become one space,
/// explicit breaks become newlines, never more than one blank line in a row.
private struct PlainTextWriter {
    private var bytes: [UInt8] = []
    private var pendingSpace = false
    /// Newlines at the end of `bytes`.
    private var trailingNewlines = 0

    mutating func space() {
        pendingSpace = true
    }

    mutating func append(_ byte: UInt8) {
        if pendingSpace && trailingNewlines == 0 && !bytes.isEmpty && bytes.last != 0x20 { bytes.append(0x20) }
        pendingSpace = false
        bytes.append(byte)
        trailingNewlines = 0
    }

    mutating func appendLiteral(_ text: String) {
        for byte in text.utf8 { append(byte) }
    }

    /// `<br>`: always a newline, up to one blank line.
    mutating func lineBreak() {
        trimTrailingSpaces()
        pendingSpace = false
        guard trailingNewlines < 2 else { return }
        bytes.append(0x0A)
        trailingNewlines += 1
    }

    /// A block boundary: at least `count` newlines end the text so far (none at the start).
    mutating func ensureNewlines(_ count: Int) {
        trimTrailingSpaces()
        pendingSpace = false
        guard !bytes.isEmpty else { return }
        while trailingNewlines < count {
            bytes.append(0x0A)
            trailingNewlines += 1
        }
    }

    private mutating func trimTrailingSpaces() {
        while bytes.last == 0x20 { bytes.removeLast() }
    }

    /// The text, each line's trailing spaces and the text's outer blank lines removed.
    func finish() -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = Substring(line)
            while line.last == " " { line.removeLast() }
            return String(line)
        }
        return lines.joined(separator: "\n").trimmingWhitespace()
    }
}
