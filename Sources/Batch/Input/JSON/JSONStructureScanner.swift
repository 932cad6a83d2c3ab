/// An incremental JSON tokenizer over a byte stream: it finds where each value starts and ends
/// (strings, escapes, nesting) without building it, so a huge array can be cut into elements
/// one at a time. The element's bytes are then decoded on their own, which keeps memory at one
/// element however long the array.
final class JSONStructureScanner {
    /// Deeper nesting than this is treated as hostile rather than followed.
    static let maxDepth = 512

    /// One value's bytes, as found in the file.
    struct ScannedValue {
        /// The value's bytes; empty when it was longer than the limit (`overflowed`).
        var bytes: [UInt8]
        var overflowed: Bool
        var start: TextPosition
    }

    let reader: ByteReader
    private var line = 1
    private var column = 1
    /// The largest value kept so far, for the memory-bound tests.
    private(set) var largestValueBytes = 0

    init(reader: ByteReader) {
        self.reader = reader
    }

    var file: String { reader.path }

    /// Where the next byte is.
    var position: TextPosition { TextPosition(line: line, column: column, offset: reader.offset) }

    /// The next byte, keeping line and column.
    @inline(__always)
    func next() throws(TicketInputError) -> UInt8? {
        guard let byte = try reader.next() else { return nil }
        if byte == 0x0A {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return byte
    }

    /// Skips JSON whitespace and returns the next byte without consuming it (`nil` at the end).
    func peekPastWhitespace() throws(TicketInputError) -> UInt8? {
        while let byte = try reader.peek() {
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
            _ = try next()
        }
        return nil
    }

    /// Consumes `byte` after optional whitespace, or throws saying `expected`.
    func expect(_ byte: UInt8, _ expected: String) throws(TicketInputError) {
        let found = try peekPastWhitespace()
        guard found == byte else { throw failure(found: found, expected: expected) }
        _ = try next()
    }

    /// Reads one complete value (after optional whitespace). Its bytes are kept up to `limit`;
    /// past that the value is still read to its end, so the stream stays in step, but dropped.
    func scanValue(keepingUpTo limit: Int) throws(TicketInputError) -> ScannedValue {
        guard let first = try peekPastWhitespace() else {
            throw failure(found: nil, expected: "a JSON value")
        }
        let start = position
        var value = ScannedValue(bytes: [], overflowed: false, start: start)
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""):
            try scanNested(into: &value, keepingUpTo: limit)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            // A number or literal runs to the next structural byte; decoding checks its spelling.
            while let byte = try reader.peek(),
                  byte != 0x2C, byte != 0x5D, byte != 0x7D, byte != 0x20, byte != 0x0A, byte != 0x0D, byte != 0x09 {
                if value.bytes.count < limit { value.bytes.append(byte) } else { value.overflowed = true }
                _ = try next()
            }
        default:
            throw failure(found: first, expected: "a JSON value")
        }
        if value.bytes.count > largestValueBytes { largestValueBytes = value.bytes.count }
        return value
    }

    /// Reads an object, array or string to its end, chunk by chunk. This is the hot loop of
    /// JSON reading: one pass over the bytes with a stack of the brackets still open, tracking
    /// strings and escapes so brackets inside strings do not count; kept bytes are copied per chunk.
    private func scanNested(into value: inout ScannedValue, keepingUpTo limit: Int) throws(TicketInputError) {
        var closers: [UInt8] = []
        var inString = false
        var escaped = false
        var line = self.line
        var column = self.column
        var failure: TicketInputError?
        let start = value.start
        let completed = try reader.scanChunks { chunk in
            var index = 0
            var done = false
            scan: while index < chunk.count {
                let byte = chunk[index]
                index += 1
                defer {
                    if byte == 0x0A {
                        line += 1
                        column = 1
                    } else {
                        column += 1
                    }
                }
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == 0x5C {
                        escaped = true
                    } else if byte == 0x22 {
                        inString = false
                        if closers.isEmpty {
                            done = true
                            break scan
                        }
                    }
                    continue
                }
                switch byte {
                case 0x22:
                    inString = true
                case 0x7B:
                    closers.append(0x7D)
                case 0x5B:
                    closers.append(0x5D)
                case 0x7D, 0x5D:
                    guard closers.last == byte else {
                        let expected = closers.last.map { "'\(Character(Unicode.Scalar($0)))'" } ?? "a value"
                        failure = TicketInputError(
                            file: file, position: TextPosition(line: line, column: column, offset: reader.offset + index - 1),
                            kind: .unexpected(found: CSVRecordParser.describe(byte),
                                              expected: "\(expected) in the value that starts at \(start)"))
                        done = true
                        break scan
                    }
                    closers.removeLast()
                    if closers.isEmpty {
                        done = true
                        break scan
                    }
                default:
                    break
                }
                if closers.count > JSONStructureScanner.maxDepth {
                    failure = TicketInputError(
                        file: file, position: TextPosition(line: line, column: column, offset: reader.offset + index - 1),
                        kind: .unexpected(found: CSVRecordParser.describe(byte),
                                          expected: "nesting at most \(JSONStructureScanner.maxDepth) deep"))
                    done = true
                    break scan
                }
            }
            let room = limit - value.bytes.count
            if index <= room {
                value.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<index]))
            } else {
                value.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<max(room, 0)]))
                value.overflowed = true
            }
            return (index, done)
        }
        self.line = line
        self.column = column
        if let failure { throw failure }
        if !completed {
            let closer = inString ? "'\"' to close a string" : "'\(Character(Unicode.Scalar(closers.last ?? 0x7D)))'"
            throw self.failure(found: nil, expected: "\(closer) in the value that starts at \(start)")
        }
    }

    /// An error at the current position (or `at`): truncation when `found` is `nil`.
    func failure(found: UInt8?, expected: String, at: TextPosition? = nil) -> TicketInputError {
        guard let found else {
            return TicketInputError(file: file, position: at ?? position, kind: .truncated(expected: expected))
        }
        return TicketInputError(file: file, position: at ?? position,
                                kind: .unexpected(found: CSVRecordParser.describe(found), expected: expected))
    }
}
