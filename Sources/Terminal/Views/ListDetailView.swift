/// A full-screen layout: a title bar, a scrolling list with one selected row,
/// a detail pane of wrapped, scrollable sections, a status line and a footer
/// of key hints. Pure: it turns content and a size into rows of text.
public struct ListDetailView: Sendable {
    /// One titled block of the detail pane.
    public struct Section: Sendable, Equatable {
        public var title: String
        public var body: String
        public var bodyStyle: ANSI.Style

        public init(_ title: String, _ body: String, style: ANSI.Style = .plain) {
            self.title = title
            self.body = body
            self.bodyStyle = style
        }
    }

    public var title: String
    /// One line per item; truncated to the width. Either the whole list, or the part of it
    /// that is on screen (`firstRow`, `rowCount`), so a long list is never held in memory.
    public var rows: [String]
    /// Rows in the whole list (`rows.count` when `rows` is the whole list).
    public var rowCount: Int
    /// The position of `rows[0]` in the whole list.
    public var firstRow: Int
    /// The selected position in the whole list.
    public var selected: Int?
    public var detailTitle: String
    public var sections: [Section]
    /// First detail line shown; clamped when drawing.
    public var detailScroll: Int
    public var status: String
    public var statusStyle: ANSI.Style
    public var footer: String

    public init(title: String = "", rows: [String] = [], rowCount: Int? = nil, firstRow: Int = 0,
                selected: Int? = nil, detailTitle: String = "",
                sections: [Section] = [], detailScroll: Int = 0, status: String = "",
                statusStyle: ANSI.Style = .plain, footer: String = "") {
        self.title = title
        self.rows = rows
        self.rowCount = rowCount ?? rows.count
        self.firstRow = firstRow
        self.selected = selected
        self.detailTitle = detailTitle
        self.sections = sections
        self.detailScroll = detailScroll
        self.status = status
        self.statusStyle = statusStyle
        self.footer = footer
    }

    /// Rows given to the list: a third of the screen, at least 3, fewer when the list is short.
    public static func listHeight(for size: WindowSize, rowCount: Int) -> Int {
        max(1, min(max(3, size.rows / 3 - 1), max(1, rowCount)))
    }

    /// The first list row on screen: the selection kept visible, centred where possible.
    public static func firstVisibleRow(selected: Int?, rowCount: Int, height: Int) -> Int {
        guard let selected, rowCount > height else { return 0 }
        return min(max(0, selected - height / 2), rowCount - height)
    }

    /// Rows given to the detail pane at `size`.
    public func detailHeight(for size: WindowSize) -> Int {
        max(1, size.rows - 4 - Self.listHeight(for: size, rowCount: rowCount))
    }

    /// The detail pane's lines, wrapped to `width`, with their styles.
    public func detailLines(width: Int) -> [(String, ANSI.Style)] {
        var lines: [(String, ANSI.Style)] = []
        for (index, section) in sections.enumerated() {
            if index > 0 { lines.append(("", .plain)) }
            lines.append((section.title, ANSI.Style(bold: true, color: .cyan)))
            for line in TextLayout.wrap(section.body, width: max(1, width - 2)) {
                lines.append(("  " + line, section.bodyStyle))
            }
        }
        return lines
    }

    /// The largest useful `detailScroll` at `size`.
    public func maxDetailScroll(for size: WindowSize) -> Int {
        max(0, detailLines(width: size.columns).count - detailHeight(for: size))
    }

    /// The frame: exactly `size.rows` rows, each exactly `size.columns` columns wide.
    public func render(size: WindowSize) -> [String] {
        let width = max(1, size.columns)
        var frame: [String] = []
        frame.append(ANSI.styled(TextLayout.pad(" " + TextLayout.singleLine(title), to: width), .reverse))

        let listHeight = Self.listHeight(for: size, rowCount: rowCount)
        let top = Self.firstVisibleRow(selected: selected, rowCount: rowCount, height: listHeight)
        for index in top..<(top + listHeight) {
            guard rows.indices.contains(index - firstRow) else {
                frame.append(index == 0 && rowCount == 0 ? ANSI.styled(TextLayout.pad("  (nothing to review)", to: width), .dim) : "")
                continue
            }
            let marker = index == selected ? "▶ " : "  "
            let line = TextLayout.pad(marker + TextLayout.singleLine(rows[index - firstRow]), to: width)
            frame.append(index == selected ? ANSI.styled(line, ANSI.Style(bold: true, reverse: true)) : line)
        }

        let lines = detailLines(width: width)
        let height = detailHeight(for: size)
        let scroll = min(max(0, detailScroll), max(0, lines.count - height))
        var divider = "── " + TextLayout.singleLine(detailTitle) + " "
        if lines.count > height {
            divider += "(lines \(scroll + 1)–\(min(lines.count, scroll + height)) of \(lines.count)) "
        }
        let dividerWidth = TextLayout.displayWidth(divider)
        divider = TextLayout.truncate(divider, to: width) + String(repeating: "─", count: max(0, width - dividerWidth))
        frame.append(ANSI.styled(divider, .dim))
        for offset in 0..<height {
            let index = scroll + offset
            guard index < lines.count else { frame.append(""); continue }
            frame.append(ANSI.styled(TextLayout.truncate(lines[index].0, to: width), lines[index].1))
        }

        frame.append(ANSI.styled(TextLayout.truncate(TextLayout.singleLine(status), to: width), statusStyle))
        frame.append(ANSI.styled(TextLayout.pad(footer, to: width), .reverse))
        // A screen too small for the fixed rows still gets exactly `rows` rows.
        return Array(frame.prefix(max(0, size.rows)))
    }
}
