/// Measuring, cleaning and wrapping text by the columns it takes on a terminal.
///
/// Width follows the usual wcwidth rules, simplified: combining marks and
/// format characters take no column, East Asian wide and fullwidth characters
/// and emoji take two, everything else one.
public enum TextLayout {
    /// Columns `character` occupies on a terminal.
    public static func displayWidth(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars {
            if scalar.value == 0xFE0F { return 2 }  // emoji presentation selector
            if isZeroWidth(scalar) { continue }
            width = max(width, isWide(scalar) ? 2 : 1)
        }
        return width
    }

    /// Columns `text` occupies (no newlines expected).
    public static func displayWidth<S: StringProtocol>(_ text: S) -> Int {
        text.reduce(0) { $0 + displayWidth($1) }
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return scalar.value == 0x200B
        }
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if scalar.properties.isEmojiPresentation { return true }
        return (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x2FFFD).contains(v) || (0x30000...0x3FFFD).contains(v)
    }

    /// `text` made safe to print: tabs become spaces and every other control
    /// character (C0, DEL, C1 — including ESC) becomes U+FFFD, so text from a
    /// ticket can never move the cursor, change colours, set the title or write
    /// the clipboard. Bidirectional overrides and isolates (which can make text
    /// read differently from what it is) are shown by name, `⟨U+202E⟩`.
    /// Newlines are kept. Every human-readable output of untrusted text uses this.
    public static func sanitize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out.append(scalar)
            case 0x09: out.append(contentsOf: "    ".unicodeScalars)
            case 0x0D: continue
            case 0x00...0x1F, 0x7F...0x9F: out.append("\u{FFFD}")
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                out.append(contentsOf: "⟨U+\(String(scalar.value, radix: 16, uppercase: true))⟩".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` sanitised onto one line (newlines become spaces), for a table cell.
    public static func singleLine(_ text: String) -> String {
        sanitize(text).replacingOccurrences(of: "\n", with: " ")
    }

    /// The first non-empty line of `text`, sanitised.
    public static func firstLine(_ text: String) -> String {
        let clean = sanitize(text)
        return clean.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) }.map { String($0).trimmed } ?? ""
    }

    /// `text` cut to at most `width` columns, ending in "…" when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard displayWidth(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = displayWidth(character)
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// `text` truncated or padded with spaces to exactly `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - displayWidth(cut)))
    }

    /// `text` wrapped to lines of at most `width` columns.
    ///
    /// Newlines end lines; lines break at spaces where possible and inside a
    /// word only when the word alone is wider than `width`. Text is sanitised.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        for paragraph in sanitize(text).split(separator: "\n", omittingEmptySubsequences: false) {
            lines += wrapParagraph(Substring(paragraph), width: width)
        }
        return lines
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        // Words keep their leading spaces so indentation survives; a space at a break is dropped.
        for word in words(paragraph) {
            let wordWidth = displayWidth(word)
            if lineWidth + wordWidth <= width {
                line += word
                lineWidth += wordWidth
                continue
            }
            let trimmed = word.drop { $0 == " " }
            if !line.isEmpty {
                lines.append(line.trimmedTrailing)
                line = ""
                lineWidth = 0
            }
            // A word wider than the line is broken by characters.
            for character in trimmed {
                let w = displayWidth(character)
                if lineWidth + w > width {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                line.append(character)
                lineWidth += w
            }
        }
        lines.append(line.trimmedTrailing)
        return lines
    }

    /// Splits into chunks of (leading spaces + non-spaces).
    private static func words(_ text: Substring) -> [String] {
        var result: [String] = []
        var current = ""
        var inWord = false
        for character in text {
            if character == " " {
                if inWord {
                    result.append(current)
                    current = ""
                    inWord = false
                }
                current.append(character)
            } else {
                inWord = true
                current.append(character)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}

extension String {
    var trimmed: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    var trimmedTrailing: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
