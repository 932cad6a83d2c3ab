/// Turns the byte stream of a terminal in raw mode into keys.
///
/// Bytes may arrive split anywhere (an escape sequence or a UTF-8 character
/// across two reads), so the decoder keeps an incomplete tail until more bytes
/// come. A lone ESC is ambiguous — it starts every sequence — so it is only
/// reported when the caller says no more bytes followed (`flush()`).
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// True when bytes are held back waiting for the rest of a sequence.
    public var hasPending: Bool { !pending.isEmpty }

    /// Adds `bytes` and returns every key they complete.
    public mutating func feed(_ bytes: [UInt8]) -> [Key] {
        pending += bytes
        var keys: [Key] = []
        while !pending.isEmpty {
            guard let (key, used) = Self.decode(pending[...]) else { break }
            keys.append(key)
            pending.removeFirst(used)
        }
        return keys
    }

    /// Reports what is held back once no more bytes came: a lone ESC is the Escape key,
    /// anything else incomplete is `.unknown`.
    public mutating func flush() -> [Key] {
        defer { pending.removeAll() }
        if pending.isEmpty { return [] }
        if pending == [0x1B] { return [.escape] }
        return [.unknown(pending)]
    }

    /// Decodes one key from the front of `bytes`: the key and how many bytes it used,
    /// or nil when `bytes` is the incomplete start of a longer key.
    static func decode(_ bytes: ArraySlice<UInt8>) -> (Key, Int)? {
        let first = bytes[bytes.startIndex]
        switch first {
        case 0x1B:
            return decodeEscape(bytes)
        case 0x0D, 0x0A:
            return (.enter, 1)
        case 0x09:
            return (.tab, 1)
        case 0x7F, 0x08:
            return (.backspace, 1)
        case 0x00:
            return (.control(" "), 1)
        case 0x01...0x1A:
            return (.control(Character(Unicode.Scalar(first - 1 + UInt8(ascii: "a")))), 1)
        case 0x1C...0x1F:
            return (.unknown([first]), 1)
        case 0x20...0x7E:
            return (.character(Character(Unicode.Scalar(first))), 1)
        default:
            return decodeUTF8(bytes)
        }
    }

    private static func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> (Key, Int)? {
        let first = bytes[bytes.startIndex]
        let length: Int
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return (.unknown([first]), 1)
        }
        // Continuation bytes must be 10xxxxxx; a bad one ends the character early.
        var available = 1
        for byte in bytes.dropFirst().prefix(length - 1) {
            guard byte & 0xC0 == 0x80 else { return (.unknown(Array(bytes.prefix(available))), available) }
            available += 1
        }
        guard available == length else { return nil }
        let sequence = Array(bytes.prefix(length))
        guard let text = String(validating: sequence, as: UTF8.self), let character = text.first else {
            return (.unknown(sequence), length)
        }
        return (.character(character), length)
    }

    private static func decodeEscape(_ bytes: ArraySlice<UInt8>) -> (Key, Int)? {
        let start = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        let second = bytes[start + 1]
        switch second {
        case UInt8(ascii: "["):
            return decodeCSI(bytes)
        case UInt8(ascii: "O"):
            // SS3: arrows in application cursor mode, F1–F4.
            guard bytes.count >= 3 else { return nil }
            let final = bytes[start + 2]
            let keys: [UInt8: Key] = [
                UInt8(ascii: "A"): .up, UInt8(ascii: "B"): .down, UInt8(ascii: "C"): .right, UInt8(ascii: "D"): .left,
                UInt8(ascii: "H"): .home, UInt8(ascii: "F"): .end,
                UInt8(ascii: "P"): .function(1), UInt8(ascii: "Q"): .function(2),
                UInt8(ascii: "R"): .function(3), UInt8(ascii: "S"): .function(4),
            ]
            return (keys[final] ?? .unknown(Array(bytes.prefix(3))), 3)
        case 0x1B:
            return (.escape, 1)
        case 0x20...0x7E:
            return (.alt(Character(Unicode.Scalar(second))), 2)
        default:
            return (.escape, 1)
        }
    }

    /// CSI: ESC [ parameters (0x30–0x3F)* intermediates (0x20–0x2F)* final (0x40–0x7E).
    private static func decodeCSI(_ bytes: ArraySlice<UInt8>) -> (Key, Int)? {
        let start = bytes.startIndex
        var index = start + 2
        while index < bytes.endIndex, (0x20...0x3F).contains(bytes[index]) { index += 1 }
        guard index < bytes.endIndex else {
            // An absurdly long unfinished sequence is garbage, not a key in progress.
            return bytes.count > 32 ? (.unknown(Array(bytes)), bytes.count) : nil
        }
        let final = bytes[index]
        let length = index - start + 1
        let sequence = Array(bytes.prefix(length))
        guard (0x40...0x7E).contains(final) else { return (.unknown(sequence), length) }
        let parameters = String(decoding: bytes[(start + 2)..<index], as: UTF8.self)
        // Modifiers (";2" for Shift…) are ignored: Shift-Up is still Up.
        let number = Int(parameters.split(separator: ";").first ?? "")
        switch final {
        case UInt8(ascii: "A"): return (.up, length)
        case UInt8(ascii: "B"): return (.down, length)
        case UInt8(ascii: "C"): return (.right, length)
        case UInt8(ascii: "D"): return (.left, length)
        case UInt8(ascii: "H"): return (.home, length)
        case UInt8(ascii: "F"): return (.end, length)
        case UInt8(ascii: "Z"): return (.tab, length)
        case UInt8(ascii: "~"):
            switch number {
            case 1, 7: return (.home, length)
            case 2: return (.insert, length)
            case 3: return (.delete, length)
            case 4, 8: return (.end, length)
            case 5: return (.pageUp, length)
            case 6: return (.pageDown, length)
            case .some(let n) where (11...15).contains(n): return (.function(n - 10), length)
            case .some(let n) where (17...21).contains(n): return (.function(n - 11), length)
            case .some(let n) where (23...24).contains(n): return (.function(n - 12), length)
            default: return (.unknown(sequence), length)
            }
        default:
            return (.unknown(sequence), length)
        }
    }
}
