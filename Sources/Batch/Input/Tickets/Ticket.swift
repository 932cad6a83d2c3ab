/// One ticket read from an export, ready for the swarm.
public struct Ticket: Sendable, Equatable {
    /// The ticket's id in its helpdesk (`12345`, `SUP-42`), unique within the file.
    public var id: String
    /// The text the swarm sees: the mapping's text fields in order (HTML turned into plain text),
    /// non-empty ones joined with a blank line.
    public var text: String
    /// The record's other fields (priority, tags, status, …), nested JSON keys joined with dots
    /// (`user.login`); the id and text fields are not repeated here.
    public var fields: [String: String]
    /// The line where the ticket's record starts in the file (1-based).
    public var sourceLine: Int

    public init(id: String, text: String, fields: [String: String], sourceLine: Int) {
        self.id = id
        self.text = text
        self.fields = fields
        self.sourceLine = sourceLine
    }
}

/// A record that could not become a ticket, and why. Reading goes on after it.
public struct TicketRejection: Sendable, Equatable, CustomStringConvertible {
    /// The ticket's id when the record had a readable one.
    public var id: String?
    /// The line where the record starts (1-based).
    public var line: Int
    /// What is wrong, in words for the person who made the export.
    public var reason: String

    public init(id: String?, line: Int, reason: String) {
        self.id = id
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let ticket = id.map { "ticket '\($0)'" } ?? "ticket without id"
        return "line \(line), \(ticket): \(reason)"
    }
}

/// What a `TicketReader` yields for each record.
public enum TicketInputItem: Sendable, Equatable {
    case ticket(Ticket)
    case rejected(TicketRejection)
    /// The file's structure broke (truncated, unreadable); always the last item.
    case failed(TicketInputError)
}

/// Limits that keep one record from exhausting memory or the model's context.
public struct TicketLimits: Sendable, Equatable {
    /// Ticket text (as the swarm would see it: HTML made plain, fields joined) longer than this
    /// many UTF-8 bytes is rejected. Default 200 KiB.
    public var maxTextBytes: Int
    /// A raw record (CSV row, JSON element, JSON line) longer than this is skipped without being
    /// held in memory and rejected. Default 4 MiB.
    public var maxRecordBytes: Int

    public init(maxTextBytes: Int = 200 * 1024, maxRecordBytes: Int = 4 * 1024 * 1024) {
        self.maxTextBytes = maxTextBytes
        self.maxRecordBytes = max(maxRecordBytes, 1)
    }
}
