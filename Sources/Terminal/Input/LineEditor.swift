/// A one-line text field driven by keys (a reason prompt, a filter).
public struct LineEditor: Sendable, Equatable {
    /// What a key did to the field.
    public enum Outcome: Sendable, Equatable {
        case editing
        case submitted(String)
        case cancelled
    }

    public private(set) var text: [Character]
    /// Insertion point, 0…text.count.
    public private(set) var cursor: Int

    public init(_ initial: String = "") {
        text = Array(initial)
        cursor = text.count
    }

    public var string: String { String(text) }

    /// Applies one key: characters insert, Backspace/Delete/Ctrl-U/Ctrl-W erase,
    /// arrows/Home/End/Ctrl-A/Ctrl-E move, Enter submits, Escape/Ctrl-C cancels.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .character(let c):
            text.insert(c, at: cursor)
            cursor += 1
        case .backspace:
            if cursor > 0 {
                text.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < text.count { text.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            text.removeSubrange(0..<cursor)
            cursor = 0
        case .control("w"):
            var start = cursor
            while start > 0, text[start - 1] == " " { start -= 1 }
            while start > 0, text[start - 1] != " " { start -= 1 }
            text.removeSubrange(start..<cursor)
            cursor = start
        case .enter: return .submitted(string)
        case .escape, .control("c"), .control("g"): return .cancelled
        default: break
        }
        return .editing
    }
}
