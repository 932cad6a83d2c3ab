import Foundation

/// Text made safe for HTML element content and quoted attribute values.
func escapeHTML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}

/// How numbers read on the page. The exact value goes into `data-value` beside it.
enum Number {
    static func count(_ n: Int) -> String {
        n.formatted(.number.grouping(.never))
    }

    static func decimal(_ value: Double?, _ digits: Int = 2) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    static func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "–" }
        return String(format: "%.0f%%", fraction * 100)
    }

    static func money(_ value: Double?, _ currency: String) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: abs(value) < 10 ? "%.4f %@" : "%.2f %@", value, currency)
    }

    /// 42 s, 3.5 min, 2.1 h, 4.0 days
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "–" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        if seconds < 3600 { return String(format: "%.1f min", seconds / 60) }
        if seconds < 86_400 { return String(format: "%.1f h", seconds / 3600) }
        return String(format: "%.1f days", seconds / 86_400)
    }

    /// 14.2 months; past two years, in years.
    static func months(_ months: Double) -> String {
        months > 24 ? String(format: "%.1f years", months / 12) : String(format: "%.1f months", months)
    }

    /// Large token counts stay readable: 12.3 M.
    static func tokens(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        if value >= 1e9 { return String(format: "%.1f G", value / 1e9) }
        if value >= 1e6 { return String(format: "%.1f M", value / 1e6) }
        if value >= 1e4 { return String(format: "%.1f k", value / 1e3) }
        return String(format: "%.0f", value)
    }

    static func energy(_ joules: Double) -> String {
        joules >= 3.6e5 ? String(format: "%.2f kWh", joules / 3.6e6) : String(format: "%.1f J", joules)
    }
}

/// One table with a caption; cells may carry a figure key (`data-figure`) and an exact value (`data-value`),
/// so a script or test can read the numbers without parsing their display.
struct Table {
    struct Cell {
        var text: String
        var figure: String?
        var value: String?

        init(_ text: String, figure: String? = nil, value: String? = nil) {
            self.text = text
            self.figure = figure
            self.value = value
        }
    }

    var caption: String
    var header: [String]
    var rows: [[Cell]]

    var html: String {
        var out = "<table><caption>\(escapeHTML(caption))</caption><thead><tr>"
        out += header.map { "<th scope=\"col\">\(escapeHTML($0))</th>" }.joined()
        out += "</tr></thead><tbody>"
        if rows.isEmpty {
            out += "<tr><td colspan=\"\(header.count)\" class=\"empty\">nothing recorded yet</td></tr>"
        }
        for row in rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                let tag = index == 0 ? "th scope=\"row\"" : "td"
                var attributes = ""
                if let figure = cell.figure { attributes += " data-figure=\"\(escapeHTML(figure))\"" }
                if let value = cell.value { attributes += " data-value=\"\(escapeHTML(value))\"" }
                out += "<\(tag)\(attributes)>\(escapeHTML(cell.text))</\(index == 0 ? "th" : "td")>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }
}
