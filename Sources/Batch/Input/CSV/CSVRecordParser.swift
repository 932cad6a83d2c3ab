/// An RFC 4180 CSV state machine, fed a chunk at a time (`feed(_: UnsafeBufferPointer)`) or a
/// byte at a time (`feed(_: UInt8)`, the reference the chunked path is tested against).
///
/// Quoted fields may hold delimiters, newlines and doubled quotes (`""` → `"`). Records end at
/// LF, CRLF or a bare CR outside quotes; blank lines are skipped. Two departures from the RFC,
/// both as real exports need: a quote inside an unquoted field is kept literally, and bytes after
/// a closing quote are kept but mark the record with a `problem`, so it is rejected rather than
/// silently changed. Lines are physical lines of the file, counted inside quotes too.
struct CSVRecordParser {
    private enum State {
        case fieldStart
        case unquoted
        case quoted
        /// A quote seen inside a quoted field: a doubled quote or the field's end.
        case quoteInQuoted
    }

    let delimiter: UInt8
    /// Fields longer than this in total are not stored; the record gets `overflowed`.
    let maxRecordBytes: Int

    private var state = State.fieldStart
    private var previousWasCR = false
    private var line = 1
    private var column = 1
    private var offset = 0

    /// The current record's field bytes, concatenated; `fieldEnds` marks where each field stops.
    private(set) var bytes: [UInt8] = []
    private(set) var fieldEnds: [Int] = []
    /// Whether the current record has begun (a blank line has not).
    private var recordStarted = false
    /// Where the current record starts.
    private(set) var recordStart = TextPosition(line: 1, column: 1, offset: 0)
    /// Where the open quote of the field being read was, for an unclosed-quote error.
    private var quoteStart = TextPosition(line: 1, column: 1, offset: 0)
    /// Set when the record broke a rule but could still be delimited; it should be rejected.
    private(set) var problem: String?
    /// Set when the record's bytes exceeded `maxRecordBytes` and were dropped.
    private(set) var overflowed = false
    /// The largest `bytes` has been, so tests can check memory stays bounded.
    private(set) var largestRecordBytes = 0

    /// `startOffset` is the file offset of the first byte fed (3 after a byte order mark).
    init(delimiter: UInt8, maxRecordBytes: Int, startOffset: Int = 0) {
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        offset = startOffset
        recordStart.offset = startOffset
    }

    /// Where the next byte fed will be.
    var position: TextPosition { TextPosition(line: line, column: column, offset: offset) }

    /// The current record's fields (valid after `feed` returned `true` or `finish` did).
    var fieldCount: Int { fieldEnds.count }

    func field(_ index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return bytes[start..<fieldEnds[index]]
    }

    /// Feeds bytes until a record completes or the chunk ends: how many were consumed, and
    /// whether a record completed (then the rest of the chunk is for the next record).
    ///
    /// This is the hot loop of CSV reading. Inside a field, runs of ordinary bytes (no quote,
    /// delimiter or newline) are copied in one append; everything else goes byte by byte
    /// through `feed(_: UInt8)`.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> (consumed: Int, stop: Bool) {
        var index = 0
        while index < chunk.count {
            if state == .quoted || state == .unquoted {
                let stopsRun = state == .quoted ? 0x22 : delimiter
                var end = index
                while end < chunk.count {
                    let byte = chunk[end]
                    if byte == 0x22 || byte == stopsRun || byte == 0x0A || byte == 0x0D { break }
                    end += 1
                }
                if end > index {
                    append(UnsafeBufferPointer(rebasing: chunk[index..<end]))
                    column += end - index
                    offset += end - index
                    previousWasCR = false
                    index = end
                    continue
                }
            }
            let byte = chunk[index]
            index += 1
            if feed(byte) { return (index, true) }
        }
        return (index, false)
    }

    /// Feeds one byte; `true` when it completed a record. The whole state machine; the chunked
    /// `feed` only adds a shortcut for runs of ordinary bytes inside a field.
    ///
    @inline(__always)
    mutating func feed(_ byte: UInt8) -> Bool {
        // `line`, `column` and `offset` are this byte's position until `advance` moves past it.
        defer { advance(over: byte) }
        let isNewline = byte == 0x0A || byte == 0x0D
        switch state {
        case .fieldStart, .unquoted:
            if isNewline {
                // A newline before anything else is a blank line or the LF of a CRLF: skip it.
                guard recordStarted else { return false }
                endField()
                return true
            }
            if !recordStarted {
                recordStarted = true
                recordStart = position
            }
            if byte == delimiter {
                endField()
            } else if byte == 0x22 && state == .fieldStart {
                quoteStart = position
                state = .quoted
            } else {
                append(byte)
                state = .unquoted
            }
        case .quoted:
            if byte == 0x22 {
                state = .quoteInQuoted
            } else {
                append(byte)
            }
        case .quoteInQuoted:
            if byte == 0x22 {
                append(0x22)
                state = .quoted
            } else if byte == delimiter {
                endField()
            } else if isNewline {
                endField()
                return true
            } else {
                if problem == nil {
                    problem = "line \(line), column \(column): expected a delimiter or the end of the line "
                        + "after a closing quote, found \(CSVRecordParser.describe(byte))"
                }
                append(byte)
                state = .unquoted
            }
        }
        return false
    }

    /// Ends the input: `true` when a last record without a final newline is complete.
    /// Throws when the file ends inside a quoted field.
    mutating func finish(file: String) throws(TicketInputError) -> Bool {
        if state == .quoted {
            throw TicketInputError(file: file, position: quoteStart, kind: .unterminatedQuote(openedAt: quoteStart))
        }
        guard recordStarted else { return false }
        endField()
        return true
    }

    /// Forgets the completed record so the next one can be read.
    mutating func startNextRecord() {
        bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
        fieldEnds.removeAll(keepingCapacity: true)
        recordStarted = false
        problem = nil
        overflowed = false
        state = .fieldStart
    }

    @inline(__always)
    private mutating func advance(over byte: UInt8) {
        offset += 1
        if byte == 0x0A {
            if !previousWasCR { line += 1 }
            column = 1
            previousWasCR = false
        } else if byte == 0x0D {
            line += 1
            column = 1
            previousWasCR = true
        } else {
            column += 1
            previousWasCR = false
        }
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        if bytes.count < maxRecordBytes {
            bytes.append(byte)
        } else {
            overflowed = true
        }
    }

    private mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        let room = maxRecordBytes - bytes.count
        if run.count <= room {
            bytes.append(contentsOf: run)
        } else {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: run[..<max(room, 0)]))
            overflowed = true
        }
    }

    private mutating func endField() {
        fieldEnds.append(bytes.count)
        largestRecordBytes = max(largestRecordBytes, bytes.count)
        state = .fieldStart
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
}
