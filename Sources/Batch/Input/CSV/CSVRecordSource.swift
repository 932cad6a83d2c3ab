/// Streams the records of a CSV file with a header row: delimiter detected from the header,
/// byte order mark skipped, each row's fields checked for count and UTF-8.
final class CSVRecordSource: TicketRecordSource {
    private let reader: ByteReader
    private let limits: TicketLimits
    private var parser: CSVRecordParser
    /// The header's column names, trimmed, in file order (duplicates kept: Jira repeats `Labels`).
    let header: [String]
    let delimiter: UInt8
    private var recordNumber = 0
    private var pendingReset = false
    private var finished = false

    init(reader: ByteReader, limits: TicketLimits) throws(TicketInputError) {
        self.reader = reader
        self.limits = limits
        try reader.skipByteOrderMark()
        let startOffset = reader.offset
        let headerBytes = try CSVRecordSource.readHeaderLine(reader, limit: limits.maxRecordBytes)
        if headerBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw TicketInputError(file: reader.path, position: TextPosition(line: 1, column: 1, offset: startOffset),
                                   kind: .empty(expected: "a header row naming the columns"))
        }
        delimiter = CSVDelimiter.detect(inHeader: headerBytes)
        var parser = CSVRecordParser(delimiter: delimiter, maxRecordBytes: limits.maxRecordBytes, startOffset: startOffset)
        var complete = false
        for byte in headerBytes where !complete {
            complete = parser.feed(byte)
        }
        if !complete {
            // The header is the whole file (no newline after it).
            complete = try parser.finish(file: reader.path)
        }
        var names: [String] = []
        for index in 0..<parser.fieldCount {
            guard let name = UTF8Validation.string(parser.field(index)) else {
                throw TicketInputError(file: reader.path, position: parser.recordStart,
                                       kind: .invalidHeader(reason: "column \(index + 1) is not valid UTF-8"))
            }
            names.append(name.trimmingWhitespace())
        }
        header = names
        parser.startNextRecord()
        self.parser = parser
    }

    var fieldNames: [String]? { header }

    var peakBufferedBytes: Int { reader.capacity + parser.largestRecordBytes }

    func nextRecord() throws(TicketInputError) -> SourceRecord? {
        if finished { return nil }
        // The parser is moved into a local for the loop so each byte costs no exclusivity check.
        var parser = self.parser
        defer { self.parser = parser }
        if pendingReset {
            parser.startNextRecord()
            pendingReset = false
        }
        let complete = try reader.scanChunks { parser.feed($0) }
        if !complete {
            finished = true
            do {
                guard try parser.finish(file: reader.path) else { return nil }
            } catch {
                var error = error
                error.record = recordNumber + 1
                throw error
            }
        }
        pendingReset = true
        recordNumber += 1
        return record(from: parser)
    }

    private func record(from parser: CSVRecordParser) -> SourceRecord {
        let position = parser.recordStart
        let count = min(parser.fieldCount, header.count)
        // Lenient decoding, only so that a rejection can name the ticket.
        func partial() -> [(name: String, value: String)] {
            (0..<count).map { (header[$0], String(decoding: parser.field($0), as: UTF8.self)) }
        }
        if parser.overflowed {
            return .unreadable(position: position, partial: partial(),
                               reason: "record is over the \(limits.maxRecordBytes)-byte record limit")
        }
        if let problem = parser.problem {
            return .unreadable(position: position, partial: partial(), reason: problem)
        }
        if parser.fieldCount != header.count {
            return .unreadable(position: position, partial: partial(),
                               reason: "record \(recordNumber) has \(parser.fieldCount) fields but the header has "
                                   + "\(header.count) (delimiter \(CSVDelimiter.name(delimiter)))")
        }
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(count)
        for index in 0..<count {
            let bytes = parser.field(index)
            guard let value = UTF8Validation.string(bytes) else {
                return .unreadable(position: position, partial: partial(),
                                   reason: UTF8Validation.problem(in: bytes, field: header[index]))
            }
            fields.append((header[index], value))
        }
        return .fields(FieldRecord(fields: fields, position: position))
    }

    /// The bytes of the first row including its newline: up to a newline outside quotes.
    private static func readHeaderLine(_ reader: ByteReader, limit: Int) throws(TicketInputError) -> [UInt8] {
        var bytes: [UInt8] = []
        var inQuotes = false
        var sawContent = false
        while let byte = try reader.next() {
            bytes.append(byte)
            if byte == 0x22 { inQuotes.toggle() }
            let isNewline = byte == 0x0A || byte == 0x0D
            // Blank lines before the header are kept (the parser skips them) but do not end it.
            if !inQuotes && isNewline && sawContent {
                if byte == 0x0D, try reader.peek() == 0x0A, let lf = try reader.next() { bytes.append(lf) }
                break
            }
            if !isNewline { sawContent = true }
            if bytes.count > limit {
                throw TicketInputError(file: reader.path, position: TextPosition(line: 1, column: 1, offset: 0),
                                       kind: .invalidHeader(reason: "the first row is over \(limit) bytes"))
            }
        }
        return bytes
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
