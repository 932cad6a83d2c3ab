/// A record's fields as text, as a record source reads them, before they become a ticket.
struct FieldRecord {
    /// Field names in file order with their values; JSON nesting flattened to dotted names.
    var fields: [(name: String, value: String)]
    /// Where the record starts.
    var position: TextPosition
}

/// What a record source yields per record.
enum SourceRecord {
    case fields(FieldRecord)
    /// A record that could be delimited but not read; `partial` holds whatever fields could be,
    /// so the rejection can name the ticket's id.
    case unreadable(position: TextPosition, partial: [(name: String, value: String)], reason: String)
}

/// Reads the records of one container format (CSV, JSON array, JSON lines) from a file.
protocol TicketRecordSource: AnyObject {
    /// The next record, `nil` at the end; throws when the file's structure breaks.
    func nextRecord() throws(TicketInputError) -> SourceRecord?
    /// Column names known before any record is read (a CSV header), else `nil`.
    var fieldNames: [String]? { get }
    /// The most bytes of the file held at once (read buffer plus the largest record), for tests
    /// that check memory stays bounded however large the file.
    var peakBufferedBytes: Int { get }
}
