/// The values of `--format`: a container (CSV, JSON lines, JSON array) and/or a helpdesk shape.
public enum TicketFormat: String, Sendable, CaseIterable {
    /// Any CSV (delimiter detected); fields from the mapping or guessed from the header.
    case csv
    /// Any JSON lines file: one object per line.
    case jsonl
    /// Any JSON array of objects, or an object wrapping one (`{"tickets": [...]}`).
    case json
    /// Zendesk tickets JSON (`id`, `subject`, `description`, …), as an array, a
    /// `{"tickets": [...]}` API page, or JSON lines (incremental export).
    case zendesk
    /// Jira issues CSV (`Issue key`, `Summary`, `Description`, …).
    case jira
    /// Freshdesk tickets CSV (`Ticket ID`, `Subject`, `Description`, …).
    case freshdesk
    /// GitHub issues JSON (`number`, `title`, `body`, `labels`), an array or JSON lines.
    case github

    /// Parses a `--format` value, naming the supported ones when it is not one of them.
    public init(argument: String) throws(TicketInputError) {
        guard let format = TicketFormat(rawValue: argument.lowercased()) else {
            throw TicketInputError(file: "--format",
                                   kind: .unknownFormat(name: argument, supported: TicketFormat.allCases.map(\.rawValue)))
        }
        self = format
    }

    /// The field layout this format implies.
    var shape: TicketShape {
        switch self {
        case .csv, .jsonl, .json: return .generic
        case .zendesk: return .zendesk
        case .jira: return .jira
        case .freshdesk: return .freshdesk
        case .github: return .github
        }
    }

    /// The containers a file of this format may use.
    var allowedContainers: Set<TicketContainer> {
        switch self {
        case .csv, .jira, .freshdesk: return [.csv]
        case .jsonl: return [.jsonLines]
        case .json: return [.jsonArray]
        case .zendesk, .github: return [.jsonArray, .jsonLines]
        }
    }
}

/// How records are laid out in the file.
enum TicketContainer: String, Sendable, Hashable {
    case csv
    case jsonLines
    /// A JSON array, possibly under a key of a top-level object.
    case jsonArray
}

/// Which helpdesk made the export: decides the default id and text fields.
enum TicketShape: String, Sendable {
    case generic, zendesk, jira, freshdesk, github

    /// How this helpdesk writes its text fields: GitHub bodies are Markdown (whose `<!-- -->`
    /// template comments must not make them HTML); the others may hold HTML.
    var bodyMarkup: BodyMarkup {
        self == .github ? .markdown : .htmlOrPlain
    }

    /// The id and text fields of a real export of this shape; `nil` for generic files, whose
    /// fields are guessed from their keys.
    var defaultMapping: TicketFieldMapping? {
        switch self {
        case .generic: return nil
        case .zendesk: return TicketFieldMapping(idField: "id", textFields: ["subject", "description"])
        case .jira: return TicketFieldMapping(idField: "Issue key", textFields: ["Summary", "Description"])
        case .freshdesk: return TicketFieldMapping(idField: "Ticket ID", textFields: ["Subject", "Description"])
        case .github: return TicketFieldMapping(idField: "number", textFields: ["title", "body"])
        }
    }
}

/// The markup of a shape's text fields.
enum BodyMarkup: Sendable {
    /// Plain text, or HTML when the text has a known tag or a comment (made plain).
    case htmlOrPlain
    /// Markdown: kept as written, its HTML comments removed.
    case markdown
}
