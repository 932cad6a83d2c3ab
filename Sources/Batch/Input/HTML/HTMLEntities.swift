/// Character references in HTML bodies: the named ones helpdesk editors actually emit, and
/// numeric ones (`&#233;`, `&#xE9;`).
enum HTMLEntities {
    /// Named references, case-sensitive as in HTML (`&Auml;` is not `&auml;`). `&nbsp;` becomes a
    /// plain space: the text is for a model, not for layout.
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        "ensp": " ", "emsp": " ", "thinsp": " ", "shy": "", "zwnj": "", "zwj": "",
        "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–",
        "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "ldquo": "“", "rdquo": "”", "bdquo": "„",
        "laquo": "«", "raquo": "»", "bull": "•", "middot": "·", "deg": "°", "plusmn": "±",
        "times": "×", "divide": "÷", "frac12": "½", "frac14": "¼", "frac34": "¾",
        "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "sect": "§", "para": "¶",
        "iexcl": "¡", "iquest": "¿", "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓",
        "eacute": "é", "egrave": "è", "ecirc": "ê", "aacute": "á", "agrave": "à", "acirc": "â",
        "iacute": "í", "oacute": "ó", "uacute": "ú", "ntilde": "ñ", "ccedil": "ç",
        "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß",
        "Eacute": "É", "aring": "å", "Aring": "Å", "oslash": "ø", "Oslash": "Ø", "aelig": "æ",
    ]

    /// Decodes the reference whose name or number is `body` (between `&` and `;`), or `nil` when
    /// it is not one this table knows (the text is then kept as written).
    static func decode(_ body: ArraySlice<UInt8>) -> String? {
        guard let first = body.first else { return nil }
        if first == UInt8(ascii: "#") {
            let digits = body.dropFirst()
            let isHex = digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X")
            let number = isHex ? digits.dropFirst() : digits
            guard !number.isEmpty, number.count <= 8,
                  let value = UInt32(String(decoding: number, as: UTF8.self), radix: isHex ? 16 : 10) else { return nil }
            // NUL, surrogates and values past Unicode are replaced, as HTML parsers do.
            guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
            return String(Character(scalar))
        }
        return named[String(decoding: body, as: UTF8.self)]
    }
}
