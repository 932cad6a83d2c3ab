/// A place in an input file: 1-based line and column (in bytes) and the 0-based byte offset.
public struct TextPosition: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "\(line):\(column)" }
}

/// An error that stops reading a ticket export: the file cannot be opened or read, or its
/// structure is broken so that no later ticket can be found reliably (a truncated JSON array, an
/// unclosed CSV quote, a missing header). Problems confined to one ticket are `TicketRejection`s.
public struct TicketInputError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case cannotOpen(reason: String)
        case readFailed(offset: Int, reason: String)
        /// The file ended where `expected` was still needed.
        case truncated(expected: String)
        /// A byte that the structure does not allow here.
        case unexpected(found: String, expected: String)
        /// A CSV quoted field that is never closed; `openedAt` is where its quote was.
        case unterminatedQuote(openedAt: TextPosition)
        /// The file holds no header row or no data at all.
        case empty(expected: String)
        /// The header row itself is unusable (invalid UTF-8, over the record limit).
        case invalidHeader(reason: String)
        /// A field named by the format or by the mapping is not among the file's columns.
        case missingColumn(name: String, role: String, available: [String])
        /// `--format` names a shape this file cannot have.
        case formatMismatch(format: String, reason: String)
        /// A `--format` value that is not one of the supported names.
        case unknownFormat(name: String, supported: [String])
    }

    /// The input file as named by the user.
    public var file: String
    /// Where in the file, when the error has a place.
    public var position: TextPosition?
    /// The 1-based data record (ticket) being read, when known.
    public var record: Int?
    public var kind: Kind

    public init(file: String, position: TextPosition? = nil, record: Int? = nil, kind: Kind) {
        self.file = file
        self.position = position
        self.record = record
        self.kind = kind
    }

    public var description: String {
        var place = file
        if let position { place += ":\(position.line):\(position.column)" }
        var context: [String] = []
        if let position { context.append("byte \(position.offset)") }
        if let record { context.append("record \(record)") }
        if !context.isEmpty { place += " (\(context.joined(separator: ", ")))" }
        return "\(place): \(message)"
    }

    private var message: String {
        switch kind {
        case .cannotOpen(let reason):
            return "cannot open the ticket export: \(reason)"
        case .readFailed(let offset, let reason):
            return "read failed at byte \(offset): \(reason)"
        case .truncated(let expected):
            return "unexpected end of file; expected \(expected). Is the export truncated?"
        case .unexpected(let found, let expected):
            return "found \(found); expected \(expected)"
        case .unterminatedQuote(let openedAt):
            return "the quoted field opened at line \(openedAt.line), column \(openedAt.column) is never closed; "
                + "expected a closing '\"' before the end of file"
        case .empty(let expected):
            return "the file is empty; expected \(expected)"
        case .invalidHeader(let reason):
            return "unusable header row: \(reason)"
        case .missingColumn(let name, let role, let available):
            let shown = available.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
            return "no field '\(name)' for the \(role); the file has \(shown)\(available.count > 20 ? ", …" : "")"
        case .formatMismatch(let format, let reason):
            return "the file does not look like --format \(format): \(reason)"
        case .unknownFormat(let name, let supported):
            return "unknown format '\(name)'; expected one of \(supported.joined(separator: ", "))"
        }
    }
}
