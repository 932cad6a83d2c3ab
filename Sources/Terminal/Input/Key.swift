/// One key press, decoded from the bytes a terminal sends.
public enum Key: Sendable, Equatable, Hashable {
    /// A printable character (any script; a whole grapheme's first scalar sequence as sent).
    case character(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete
    case enter, tab, backspace, escape
    /// Ctrl plus a letter, lower-cased: Ctrl-C is `.control("c")`.
    case control(Character)
    /// Alt (Meta) plus a character, sent as ESC followed by the character.
    case alt(Character)
    /// F1…F12.
    case function(Int)
    /// A sequence this decoder does not know, kept for debugging.
    case unknown([UInt8])
}
