/// Which field holds a ticket's id and which fields make up its text
/// (`--id FIELD --text FIELD[,FIELD…]`, or a swarm file's `[input]` table).
///
/// Names match a CSV column or a JSON key exactly, else ignoring case; nested JSON keys are
/// written with dots (`user.login`).
public struct TicketFieldMapping: Sendable, Equatable {
    public var idField: String
    /// Joined in this order with a blank line; empty ones are left out.
    public var textFields: [String]

    public init(idField: String, textFields: [String]) {
        self.idField = idField
        self.textFields = textFields
    }

    /// A mapping from command-line values: `--id FIELD --text FIELD[,FIELD…]`. Names are trimmed;
    /// empty ones (`a,,b`) are dropped.
    public init(idField: String, textFieldList: String) {
        self.init(idField: idField.trimmingWhitespace(),
                  textFields: textFieldList.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty })
    }

    /// Id fields tried, in order, for a generic file without a mapping.
    static let guessedIdFields = ["id", "ticket_id", "ticket id", "key", "issue key", "number"]
    /// Title-like then body-like fields tried for a generic file; the first present of each group is used.
    static let guessedTextFieldGroups = [
        ["subject", "title", "summary"],
        ["description", "body", "text", "message", "content", "comment"],
    ]

    /// The mapping a generic file with these field names most likely means, or `nil` when no id
    /// or no text field can be recognised.
    static func guess(from names: [String]) -> TicketFieldMapping? {
        guard let id = guessedIdFields.lazy.compactMap({ field(named: $0, in: names) }).first else { return nil }
        let text = guessedTextFieldGroups.compactMap { group in
            group.lazy.compactMap { field(named: $0, in: names) }.first
        }
        return text.isEmpty ? nil : TicketFieldMapping(idField: id, textFields: text)
    }

    /// The name in `names` that `wanted` refers to: an exact match, else one that differs in case only.
    static func field(named wanted: String, in names: [String]) -> String? {
        if names.contains(wanted) { return wanted }
        let folded = wanted.lowercased()
        return names.first { $0.lowercased() == folded }
    }
}
