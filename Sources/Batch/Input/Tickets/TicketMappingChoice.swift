/// A swarm file's `[input]` table as a reader applies it: to generic files, and to a helpdesk's
/// export only when the table names that format (`format = "jira"`), since a Jira or Zendesk
/// export has fields of its own that a mapping written for generic files would not find.
public struct SwarmInputMapping: Sendable, Equatable {
    public var mapping: TicketFieldMapping
    /// The format `[input]` names, if any.
    public var format: TicketFormat?

    public init(mapping: TicketFieldMapping, format: TicketFormat?) {
        self.mapping = mapping
        self.format = format
    }

    /// One line for `apiary check`: the fields and the files they apply to.
    public var summary: String {
        let fields = "id '\(mapping.idField)', text " + mapping.textFields.map { "'\($0)'" }.joined(separator: " + ")
        if let format, format.shape != .generic {
            return "[input] \(fields) applies to \(format.rawValue) exports; other exports use their own fields, "
                + "generic files are guessed from their column names; --id/--text override"
        }
        return "[input] \(fields) applies to generic csv/json/jsonl files; Zendesk, Jira, Freshdesk and GitHub "
            + "exports use their own fields; --id/--text override"
    }

    /// Whether this mapping is meant for a file of `shape`.
    func applies(to shape: TicketShape) -> Bool {
        shape == .generic || format?.shape == shape
    }
}

/// Where a reader's id and text fields came from. Precedence: `--id`/`--text`, then the swarm's
/// `[input]` where it applies, then the helpdesk format's own fields, then a guess from the names.
public enum TicketMappingOrigin: Sendable, Equatable {
    case commandLine
    case swarmInput
    /// The format's own fields; `chosen` when `--format` (or `[input] format`) named it, else detected.
    case formatDefault(chosen: Bool)
    /// A generic file without a mapping: guessed from the CSV header, or per JSON record.
    case guessed

    /// Picks the mapping for a file of `shape`.
    static func choose(explicit: TicketFieldMapping?, swarm: SwarmInputMapping?, shape: TicketShape,
                       formatChosen: Bool) -> (TicketFieldMapping?, TicketMappingOrigin) {
        if let explicit { return (explicit, .commandLine) }
        if let swarm, swarm.applies(to: shape) { return (swarm.mapping, .swarmInput) }
        if let own = shape.defaultMapping { return (own, .formatDefault(chosen: formatChosen)) }
        return (nil, .guessed)
    }

    /// The role named in a missing-column error, so the user knows which setting to fix.
    var settingName: String {
        switch self {
        case .commandLine: return " (from --id/--text)"
        case .swarmInput: return " (from the swarm file's [input])"
        case .formatDefault, .guessed: return ""
        }
    }
}

extension TicketReader {
    /// One line for `apiary batch`: the format read, the fields used, and why those.
    public var mappingExplanation: String {
        let fields = mapping.map { mapping in
            "id '\(mapping.idField)', text " + mapping.textFields.map { "'\($0)'" }.joined(separator: " + ")
        } ?? "id and text guessed per record from its keys"
        let why: String
        switch mappingOrigin {
        case .commandLine: why = "from --id/--text"
        case .swarmInput: why = "from the swarm file's [input]"
        case .formatDefault(let chosen):
            why = "the \(format.rawValue) export's own fields (\(chosen ? "format chosen" : "detected"))"
                + (swarmInputSetAside ? "; the swarm's [input] applies to generic files only" : "")
        case .guessed: why = "guessed from the column names"
        }
        return "\(path) read as \(format.rawValue): \(fields) — \(why)"
    }
}
