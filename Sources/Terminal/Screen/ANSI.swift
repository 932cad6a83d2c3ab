/// ANSI/VT100 control sequences, as strings to write to the terminal.
public enum ANSI {
    public static let escape = "\u{1B}["
    public static let clearScreen = escape + "2J"
    public static let clearToEndOfLine = escape + "K"
    public static let home = escape + "H"
    public static let hideCursor = escape + "?25l"
    public static let showCursor = escape + "?25h"
    public static let alternateScreenOn = escape + "?1049h"
    public static let alternateScreenOff = escape + "?1049l"
    /// Arrow keys as ESC [ A even where the terminal defaults to application mode.
    public static let normalCursorKeys = escape + "?1l"
    public static let reset = escape + "0m"

    /// Moves the cursor to 1-based `row`, `column`.
    public static func moveTo(row: Int, column: Int) -> String {
        escape + "\(max(1, row));\(max(1, column))H"
    }

    /// The eight basic colours (foreground 30–37).
    public enum Color: Int, Sendable {
        case black = 0, red, green, yellow, blue, magenta, cyan, white
    }

    /// A text style: attributes and an optional foreground colour.
    public struct Style: Sendable, Equatable {
        public var bold = false
        public var dim = false
        public var reverse = false
        public var underline = false
        public var color: Color?

        public init(bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false, color: Color? = nil) {
            self.bold = bold
            self.dim = dim
            self.reverse = reverse
            self.underline = underline
            self.color = color
        }

        public static let plain = Style()
        public static let bold = Style(bold: true)
        public static let dim = Style(dim: true)
        public static let reverse = Style(reverse: true)

        /// The SGR sequence that switches this style on (after a reset).
        public var sequence: String {
            var codes = ["0"]
            if bold { codes.append("1") }
            if dim { codes.append("2") }
            if underline { codes.append("4") }
            if reverse { codes.append("7") }
            if let color { codes.append(String(30 + color.rawValue)) }
            return ANSI.escape + codes.joined(separator: ";") + "m"
        }
    }

    /// `text` in `style`, followed by a reset.
    public static func styled(_ text: String, _ style: Style) -> String {
        style == .plain ? text : style.sequence + text + reset
    }
}
