/// String operations on Unicode scalars, as Python's `str` counts and compares
/// them (Swift's `String` compares by canonical equivalence, Python does not).
enum JinjaStrings {
    static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Index (in scalars) of the first occurrence of `needle`, or nil.
    static func find(_ needle: String, in haystack: String) -> Int? {
        let h = scalars(haystack), n = scalars(needle)
        if n.isEmpty { return 0 }
        guard n.count <= h.count else { return nil }
        for start in 0...(h.count - n.count) where h[start] == n[0] {
            if h[start..<(start + n.count)].elementsEqual(n) { return start }
        }
        return nil
    }

    static func hasPrefix(_ s: String, _ prefix: String) -> Bool { s.unicodeScalars.starts(with: prefix.unicodeScalars) }

    static func hasSuffix(_ s: String, _ suffix: String) -> Bool {
        s.unicodeScalars.reversed().starts(with: suffix.unicodeScalars.reversed())
    }

    /// Python `str.replace(old, new, count)`; count < 0 replaces all.
    static func replace(_ s: String, _ old: String, _ new: String, count: Int = -1) -> String {
        let h = scalars(s), o = scalars(old), n = scalars(new)
        var out: [Unicode.Scalar] = []
        var done = 0
        if o.isEmpty {
            for scalar in h {
                if count < 0 || done < count { out += n; done += 1 }
                out.append(scalar)
            }
            if count < 0 || done < count { out += n }
            return string(out)
        }
        var i = 0
        while i < h.count {
            if (count < 0 || done < count), i + o.count <= h.count, h[i..<(i + o.count)].elementsEqual(o) {
                out += n
                i += o.count
                done += 1
            } else {
                out.append(h[i])
                i += 1
            }
        }
        return string(out)
    }

    /// Python `str.strip/lstrip/rstrip`: whitespace, or any of `characters`.
    static func strip(_ s: String, characters: String?, leading: Bool, trailing: Bool) -> String {
        let set = characters.map { Set($0.unicodeScalars) }
        func strippable(_ c: Unicode.Scalar) -> Bool { set?.contains(c) ?? c.properties.isWhitespace }
        var h = scalars(s)[...]
        if leading { while let first = h.first, strippable(first) { h = h.dropFirst() } }
        if trailing { while let last = h.last, strippable(last) { h = h.dropLast() } }
        return string(h)
    }

    /// Python `str.split(sep, maxsplit)`.
    static func split(_ s: String, separator: String?, maxSplit: Int) -> [String] {
        let h = scalars(s)
        var parts: [String] = []
        guard let separator else {
            // Runs of whitespace separate; leading/trailing whitespace yields no empty parts.
            var i = 0
            while i < h.count {
                while i < h.count, h[i].properties.isWhitespace { i += 1 }
                if i >= h.count { break }
                if maxSplit >= 0, parts.count == maxSplit {
                    var end = h.count
                    while end > i, h[end - 1].properties.isWhitespace { end -= 1 }
                    parts.append(string(h[i..<end]))
                    break
                }
                let start = i
                while i < h.count, !h[i].properties.isWhitespace { i += 1 }
                parts.append(string(h[start..<i]))
            }
            return parts
        }
        let sep = scalars(separator)
        var start = 0, i = 0
        while i + sep.count <= h.count, !sep.isEmpty {
            if (maxSplit < 0 || parts.count < maxSplit), h[i..<(i + sep.count)].elementsEqual(sep) {
                parts.append(string(h[start..<i]))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(string(h[start...]))
        return parts
    }

    /// Python `str.title()`: a cased letter after an uncased character starts a word.
    static func pythonTitle(_ s: String) -> String {
        var out = ""
        var previousCased = false
        for scalar in s.unicodeScalars {
            if scalar.properties.isCased {
                out += previousCased ? String(scalar).lowercased() : String(scalar).uppercased()
                previousCased = true
            } else {
                out.unicodeScalars.append(scalar)
                previousCased = false
            }
        }
        return out
    }

    /// jinja2's `title` filter: words start after whitespace, '-', '(', '{', '[' or '<'.
    static func jinjaTitle(_ s: String) -> String {
        var out = ""
        var atWordStart = true
        for scalar in s.unicodeScalars {
            let isBoundary = scalar.properties.isWhitespace || "-({[<".unicodeScalars.contains(scalar)
            if isBoundary {
                out.unicodeScalars.append(scalar)
                atWordStart = true
            } else {
                out += atWordStart ? String(scalar).uppercased() : String(scalar).lowercased()
                atWordStart = false
            }
        }
        return out
    }

    /// Python `str.capitalize()`.
    static func capitalize(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        return String(first).uppercased() + string(s.unicodeScalars.dropFirst()).lowercased()
    }
}
