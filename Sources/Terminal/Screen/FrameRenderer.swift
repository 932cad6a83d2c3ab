/// Draws whole frames, sending only the rows that changed since the last one.
///
/// A frame is one string per screen row, already fitted to the width (styles
/// inside are fine). Redrawing unchanged rows makes terminals flicker over
/// slow links, so rows are compared with the previous frame.
public struct FrameRenderer: Sendable {
    private var previous: [String] = []

    public init() {}

    /// Forget the last frame so the next one is drawn completely (after a resize or `$EDITOR`).
    public mutating func invalidate() {
        previous = []
    }

    /// The bytes that turn the previous frame into `frame`.
    public mutating func update(to frame: [String]) -> String {
        var out = ""
        if previous.count != frame.count { out += ANSI.reset + ANSI.clearScreen }
        for (index, row) in frame.enumerated() where previous.count != frame.count || previous[index] != row {
            out += ANSI.moveTo(row: index + 1, column: 1) + ANSI.reset + row + ANSI.reset + ANSI.clearToEndOfLine
        }
        previous = frame
        return out
    }
}
