import Foundation

/// The terminal's size in character cells.
public struct WindowSize: Sendable, Equatable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// The size of the terminal on `descriptor` (TIOCGWINSZ), else `$COLUMNS`/`$LINES`, else 80×24.
    public static func current(of descriptor: Int32 = STDOUT_FILENO) -> WindowSize {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return WindowSize(columns: Int(size.ws_col), rows: Int(size.ws_row))
        }
        let environment = ProcessInfo.processInfo.environment
        return WindowSize(columns: environment["COLUMNS"].flatMap(Int.init) ?? 80,
                          rows: environment["LINES"].flatMap(Int.init) ?? 24)
    }
}
