/// Makes tickets out of records: takes the id and text by the mapping, turns HTML bodies into
/// plain text, and checks each ticket (id present and unique, text present, not too long).
/// A failed check rejects that record only.
struct TicketAssembler {
    /// The mapping in force; `nil` for a generic JSON file, whose fields are guessed per record.
    let mapping: TicketFieldMapping?
    let limits: TicketLimits
    let markup: BodyMarkup
    /// Ids of accepted tickets and the line each was first seen on. A duplicate is a second
    /// accepted ticket with the same id; grows with the number of tickets, not their size.
    private var firstLineOfId: [String: Int] = [:]

    init(mapping: TicketFieldMapping?, limits: TicketLimits, markup: BodyMarkup = .htmlOrPlain) {
        self.mapping = mapping
        self.limits = limits
        self.markup = markup
    }

    mutating func assemble(_ record: SourceRecord) -> TicketInputItem {
        switch record {
        case .unreadable(let position, let partial, let reason):
            return .rejected(TicketRejection(id: id(in: partial), line: position.line, reason: reason))
        case .fields(let record):
            return assemble(record)
        }
    }

    private mutating func assemble(_ record: FieldRecord) -> TicketInputItem {
        let line = record.position.line
        let names = record.fields.map(\.name)
        guard let mapping = mapping ?? TicketFieldMapping.guess(from: names) else {
            return .rejected(TicketRejection(id: nil, line: line, reason:
                "cannot tell which fields hold the id and the text (fields: \(names.joined(separator: ", "))); "
                    + "name them with --id and --text"))
        }
        guard let idName = TicketFieldMapping.field(named: mapping.idField, in: names) else {
            return .rejected(TicketRejection(id: nil, line: line, reason: "missing id: the record has no field '\(mapping.idField)'"))
        }
        guard let id = value(of: idName, in: record)?.trimmingWhitespace(), !id.isEmpty else {
            return .rejected(TicketRejection(id: nil, line: line, reason: "missing id: the record has an empty '\(idName)'"))
        }
        var textNames: [String] = []
        var parts: [String] = []
        for wanted in mapping.textFields {
            guard let name = TicketFieldMapping.field(named: wanted, in: names) else { continue }
            textNames.append(name)
            if let part = value(of: name, in: record).map({ TicketAssembler.plainText($0, markup: markup) }), !part.isEmpty {
                parts.append(part)
            }
        }
        let text = parts.joined(separator: "\n\n")
        if text.isEmpty {
            let fields = mapping.textFields.map { "'\($0)'" }.joined(separator: ", ")
            return .rejected(TicketRejection(id: id, line: line, reason: "empty text: \(fields) empty or absent"))
        }
        let size = text.utf8.count
        if size > limits.maxTextBytes {
            return .rejected(TicketRejection(id: id, line: line, reason:
                "text is \(size) bytes, over the \(limits.maxTextBytes)-byte limit"))
        }
        if let first = firstLineOfId[id] {
            return .rejected(TicketRejection(id: id, line: line, reason: "duplicate id: already used at line \(first)"))
        }
        firstLineOfId[id] = line
        let used = Set([idName] + textNames)
        return .ticket(Ticket(id: id, text: text, fields: otherFields(of: record, excluding: used), sourceLine: line))
    }

    /// A text field as the model should see it: newlines normalised, HTML made plain (or a
    /// Markdown body's comments removed), trimmed.
    static func plainText(_ value: String, markup: BodyMarkup) -> String {
        let normalised = value.replacingCRLF()
        switch markup {
        case .markdown:
            return HTMLText.removingComments(fromMarkdown: normalised).trimmingWhitespace()
        case .htmlOrPlain:
            if HTMLText.looksLikeHTML(normalised) { return HTMLText.plainText(fromHTML: normalised) }
            return normalised.trimmingWhitespace()
        }
    }

    /// The value of `name`; repeated columns (Jira's several `Labels`) joined with ", ".
    private func value(of name: String, in record: FieldRecord) -> String? {
        let values = record.fields.filter { $0.name == name }.map(\.value)
        if values.count <= 1 { return values.first }
        return values.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    private func otherFields(of record: FieldRecord, excluding used: Set<String>) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in record.fields where !used.contains(name) {
            if let existing = fields[name] {
                if !value.isEmpty { fields[name] = existing.isEmpty ? value : existing + ", " + value }
            } else {
                fields[name] = value
            }
        }
        return fields
    }

    /// The id in a record that could not be read fully, if its id field was readable.
    private func id(in partial: [(name: String, value: String)]) -> String? {
        guard !partial.isEmpty,
              let mapping = mapping ?? TicketFieldMapping.guess(from: partial.map(\.name)),
              let name = TicketFieldMapping.field(named: mapping.idField, in: partial.map(\.name)),
              let value = partial.first(where: { $0.name == name })?.value.trimmingWhitespace(),
              !value.isEmpty else { return nil }
        return value
    }
}

extension String {
    /// CRLF and lone CR made LF.
    func replacingCRLF() -> String {
        var bytes = Array(utf8)
        guard bytes.containsByte(0x0D) else { return self }
        var kept = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == 0x0D {
                // CR followed by LF is dropped (the LF stays); a lone CR becomes LF.
                if index + 1 < bytes.count && bytes[index + 1] == 0x0A { continue }
                bytes[kept] = 0x0A
            } else {
                bytes[kept] = byte
            }
            kept += 1
        }
        return String(decoding: bytes[..<kept], as: UTF8.self)
    }
}
