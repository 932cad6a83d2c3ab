/// Streams the objects of a JSON array one element at a time: a plain array (GitHub issues) or
/// an array under a key of a top-level object (a Zendesk page: `{"tickets": [...], "count": 2}`).
final class JSONArrayRecordSource: TicketRecordSource {
    /// Keys under which a wrapping object holds the array of tickets (Zendesk `tickets`, Jira's
    /// REST search `issues`, common API pages).
    static let wrapperKeys = ["tickets", "issues", "results", "data", "items", "records"]

    private let scanner: JSONStructureScanner
    private let limits: TicketLimits
    private var elementCount = 0
    /// Inside a wrapping object, still to be checked after the array closes.
    private var insideWrapper = false
    private var finished = false
    /// The key of the wrapper member holding the tickets, when there is a wrapper.
    private(set) var wrapperKey: String?

    init(reader: ByteReader, limits: TicketLimits) throws(TicketInputError) {
        self.limits = limits
        scanner = JSONStructureScanner(reader: reader)
        try reader.skipByteOrderMark()
        switch try scanner.peekPastWhitespace() {
        case UInt8(ascii: "["):
            _ = try scanner.next()
        case UInt8(ascii: "{"):
            _ = try scanner.next()
            insideWrapper = true
            try enterWrappedArray()
        case nil:
            throw TicketInputError(file: reader.path, position: scanner.position,
                                   kind: .empty(expected: "a JSON array of tickets"))
        case let found?:
            throw scanner.failure(found: found, expected: "'[' or '{' starting a JSON array of tickets")
        }
    }

    var fieldNames: [String]? { nil }

    var peakBufferedBytes: Int { scanner.reader.capacity + scanner.largestValueBytes }

    func nextRecord() throws(TicketInputError) -> SourceRecord? {
        if finished { return nil }
        if elementCount > 0 {
            guard let found = try scanner.peekPastWhitespace() else {
                throw scanner.failure(found: nil, expected: "',' or ']' after ticket \(elementCount) of the array")
            }
            if found == UInt8(ascii: "]") {
                _ = try scanner.next()
                try finish()
                return nil
            }
            guard found == UInt8(ascii: ",") else {
                throw scanner.failure(found: found, expected: "',' or ']' after ticket \(elementCount) of the array")
            }
            _ = try scanner.next()
        } else if try scanner.peekPastWhitespace() == UInt8(ascii: "]") {
            _ = try scanner.next()
            try finish()
            return nil
        }
        let value: JSONStructureScanner.ScannedValue
        do {
            value = try scanner.scanValue(keepingUpTo: limits.maxRecordBytes)
        } catch {
            var error = error
            error.record = elementCount + 1
            throw error
        }
        elementCount += 1
        if value.overflowed {
            return .unreadable(position: value.start, partial: [],
                               reason: "ticket object is over the \(limits.maxRecordBytes)-byte record limit")
        }
        return JSONRecordDecoding.record(from: value.bytes, at: value.start)
    }

    /// Reads the wrapping object's members up to the array of tickets, skipping the others.
    /// The array must sit under a known key, since sideloaded arrays (`users`, `groups`) may
    /// come first and a stream cannot look ahead.
    private func enterWrappedArray() throws(TicketInputError) {
        var otherArrays: [String] = []
        let known = JSONArrayRecordSource.wrapperKeys.map { "\"\($0)\"" }.joined(separator: ", ")
        var expected: String {
            "a member \(known) holding the array of tickets"
                + (otherArrays.isEmpty ? "" : " (arrays found under \(otherArrays.map { "\"\($0)\"" }.joined(separator: ", ")))")
        }
        while true {
            guard let found = try scanner.peekPastWhitespace() else {
                throw scanner.failure(found: nil, expected: expected)
            }
            if found == UInt8(ascii: "}") {
                throw scanner.failure(found: found, expected: expected)
            }
            let key = try readKey()
            try scanner.expect(UInt8(ascii: ":"), "':' after the key \"\(key)\"")
            let isArray = try scanner.peekPastWhitespace() == UInt8(ascii: "[")
            if isArray && JSONArrayRecordSource.wrapperKeys.contains(key.lowercased()) {
                wrapperKey = key
                _ = try scanner.next()
                return
            }
            if isArray { otherArrays.append(key) }
            // Metadata such as `count` or `next_page`: read past it without keeping it.
            _ = try scanner.scanValue(keepingUpTo: 0)
            guard let separator = try scanner.peekPastWhitespace() else {
                throw scanner.failure(found: nil, expected: expected)
            }
            guard separator == UInt8(ascii: ",") else {
                throw scanner.failure(found: separator, expected: expected)
            }
            _ = try scanner.next()
        }
    }

    private func readKey() throws(TicketInputError) -> String {
        let found = try scanner.peekPastWhitespace()
        guard found == UInt8(ascii: "\"") else {
            throw scanner.failure(found: found, expected: "a quoted member name")
        }
        let start = scanner.position
        let value = try scanner.scanValue(keepingUpTo: 4096)
        guard !value.overflowed, let key = JSONRecordDecoding.string(from: value.bytes) else {
            throw TicketInputError(file: scanner.file, position: start,
                                   kind: .unexpected(found: "an unreadable member name", expected: "a JSON string"))
        }
        return key
    }

    /// After the array: the rest of a wrapping object, then nothing but whitespace.
    private func finish() throws(TicketInputError) {
        finished = true
        if insideWrapper {
            while let found = try scanner.peekPastWhitespace(), found == UInt8(ascii: ",") {
                _ = try scanner.next()
                _ = try readKey()
                try scanner.expect(UInt8(ascii: ":"), "':' after a member name")
                _ = try scanner.scanValue(keepingUpTo: 0)
            }
            try scanner.expect(UInt8(ascii: "}"), "'}' closing the top-level object")
        }
        if let found = try scanner.peekPastWhitespace() {
            throw scanner.failure(found: found, expected: "the end of the file after the JSON value")
        }
    }
}
