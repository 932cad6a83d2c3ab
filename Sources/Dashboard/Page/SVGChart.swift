import Foundation

/// Charts drawn as inline SVG by Apiary itself: no script, no external asset.
/// Each chart is an image for the eye; the table beside it carries the numbers.
enum SVGChart {
    static let palette = ["#3b6fb6", "#e0892b", "#4a9d5b", "#c8493f", "#8a63b3", "#8c6d46", "#d26fb0", "#6f6f6f"]

    /// Outcomes keep one colour on every chart: good green, doubtful orange, bad red.
    static let outcomeColours = ["accepted": "#4a9d5b", "approved": "#4a9d5b", "edited": "#3b6fb6", "flagged": "#e0892b",
                                 "blocked": "#c8493f", "rejected": "#8c2d2d", "failed": "#6f6f6f"]

    static func colour(of series: String, at index: Int) -> String {
        outcomeColours[series] ?? palette[index % palette.count]
    }

    /// Horizontal bars, one per label, scaled to the largest value (or to `maximum`).
    static func bars(title: String, _ items: [(label: String, value: Double, text: String)], maximum: Double? = nil,
                     colour: String = palette[0]) -> String {
        let labelWidth = 150.0, barWidth = 300.0, rowHeight = 22.0
        let height = max(1, Double(items.count)) * rowHeight + 8
        let top = maximum ?? items.map(\.value).max() ?? 0
        var svg = open(title: title, width: labelWidth + barWidth + 90, height: height)
        if items.isEmpty { svg += emptyNote(y: 18) }
        for (index, item) in items.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let width = top > 0 ? max(0, item.value / top * barWidth) : 0
            svg += text(truncated(item.label, 22), x: labelWidth - 6, y: y + 15, anchor: "end")
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(format(width))\" height=\"\(rowHeight - 6)\" fill=\"\(colour)\"/>"
            svg += text(item.text, x: labelWidth + width + 6, y: y + 15, anchor: "start")
        }
        return svg + "</svg>"
    }

    /// Columns stacked by series (e.g. tickets per day, by domain), with a legend.
    static func stackedColumns(title: String, columns: [(label: String, values: [String: Double])], series: [String]) -> String {
        let left = 40.0, plotHeight = 160.0, top = 10.0
        // Wide enough for the longest label (about 6.5 px a character), within reason.
        let columnStep = min(120, max(36, Double(columns.map(\.label.count).max() ?? 0) * 6.5 + 12))
        let width = max(300, left + Double(columns.count) * columnStep + 20, left + Double(min(4, series.count)) * 110 + 10)
        let legendRows = Double((series.count + 3) / 4)
        let height = top + plotHeight + 30 + legendRows * 18
        let maximum = columns.map { $0.values.values.reduce(0, +) }.max() ?? 0
        var svg = open(title: title, width: width, height: height)
        if columns.isEmpty { svg += emptyNote(y: top + plotHeight / 2) }
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(format(width - 10))\" y2=\"\(top + plotHeight)\" stroke=\"#999\"/>"
        if maximum > 0 {
            svg += text(Number.tokens(maximum), x: left - 4, y: top + 8, anchor: "end")
            svg += text("0", x: left - 4, y: top + plotHeight, anchor: "end")
        }
        for (index, column) in columns.enumerated() {
            let x = left + 6 + Double(index) * columnStep
            var base = top + plotHeight
            for (seriesIndex, name) in series.enumerated() {
                let value = column.values[name] ?? 0
                guard value > 0, maximum > 0 else { continue }
                let h = value / maximum * plotHeight
                base -= h
                svg += "<rect x=\"\(format(x))\" y=\"\(format(base))\" width=\"\(columnStep - 10)\" height=\"\(format(h))\" fill=\"\(colour(of: name, at: seriesIndex))\"><title>\(escapeHTML("\(column.label) \(name): \(Number.tokens(value))"))</title></rect>"
            }
            svg += text(truncated(column.label, Int((columnStep - 4) / 6.5)), x: x + (columnStep - 10) / 2, y: top + plotHeight + 14, anchor: "middle")
        }
        for (index, name) in series.enumerated() {
            let x = left + Double(index % 4) * 110
            let y = top + plotHeight + 24 + Double(index / 4) * 18
            svg += "<rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"10\" height=\"10\" fill=\"\(colour(of: name, at: index))\"/>"
            svg += text(truncated(name, 14), x: x + 14, y: y + 9, anchor: "start")
        }
        return svg + "</svg>"
    }

    private static func open(title: String, width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(escapeHTML(title))\" width=\"\(format(width))\" height=\"\(format(height))\" viewBox=\"0 0 \(format(width)) \(format(height))\"><title>\(escapeHTML(title))</title>"
    }

    private static func text(_ content: String, x: Double, y: Double, anchor: String) -> String {
        "<text x=\"\(format(x))\" y=\"\(format(y))\" text-anchor=\"\(anchor)\">\(escapeHTML(content))</text>"
    }

    private static func emptyNote(y: Double) -> String {
        text("no data yet", x: 160, y: y, anchor: "start")
    }

    private static func truncated(_ text: String, _ length: Int) -> String {
        text.count > length ? String(text.prefix(length - 1)) + "…" : text
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
