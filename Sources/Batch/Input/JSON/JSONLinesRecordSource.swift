/// Streams a JSON lines file: one object per line. A line that does not parse is a rejected
/// record with its line number; reading goes on with the next line.
final class JSONLinesRecordSource: TicketRecordSource {
    private let reader: ByteReader
    private let limits: TicketLimits
    private var line = 0
    private var lineBytes: [UInt8] = []
    private var largestLineBytes = 0

    init(reader: ByteReader, limits: TicketLimits) throws(TicketInputError) {
        self.reader = reader
        self.limits = limits
        try reader.skipByteOrderMark()
    }

    var fieldNames: [String]? { nil }

    var peakBufferedBytes: Int { reader.capacity + largestLineBytes }

    func nextRecord() throws(TicketInputError) -> SourceRecord? {
        while true {
            let start = TextPosition(line: line + 1, column: 1, offset: reader.offset)
            lineBytes.removeAll(keepingCapacity: lineBytes.capacity <= 1 << 20)
            var overflowed = false
            var sawByte = false
            let limit = limits.maxRecordBytes
            _ = try reader.scanChunks { chunk in
                // The line runs to the next LF in this chunk, or on into the next chunk.
                sawByte = true
                let newline = chunk.firstIndex(of: 0x0A)
                let run = UnsafeBufferPointer(rebasing: chunk[..<(newline ?? chunk.count)])
                let room = limit - lineBytes.count
                if run.count <= room {
                    lineBytes.append(contentsOf: run)
                } else {
                    lineBytes.append(contentsOf: UnsafeBufferPointer(rebasing: run[..<max(room, 0)]))
                    overflowed = true
                }
                return newline.map { ($0 + 1, true) } ?? (chunk.count, false)
            }
            guard sawByte else { return nil }
            line += 1
            largestLineBytes = max(largestLineBytes, lineBytes.count)
            if overflowed {
                return .unreadable(position: start, partial: [],
                                   reason: "line is over the \(limits.maxRecordBytes)-byte record limit")
            }
            // Blank lines (and the CR of CRLF) carry no ticket.
            if lineBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return JSONRecordDecoding.record(from: lineBytes, at: start)
        }
    }
}
