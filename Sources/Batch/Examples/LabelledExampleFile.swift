import Swarm

/// A labelled examples file: any ticket export the readers understand, read with the swarm's
/// `[input]` mapping, with a `domain` column (a domain or `out_of_scope`) and optionally a
/// `split` column whose `eval` rows are held out of training.
public enum LabelledExampleFile {
    /// Which rows to read.
    public enum Rows: Sendable {
        /// The swarm's training examples: every row whose `split` is not `eval`.
        case training
        /// Requests to evaluate on: the `split = eval` rows when the file has a `split` column,
        /// else every row.
        case evaluation
    }

    /// The examples of `path`; `input` is the swarm's `[input]` (how ids and text are found).
    public static func load(path: String, input: InputMappingSpec? = nil, rows: Rows = .training) throws -> [LabelledExample] {
        let options = TicketReader.Options(swarmInput: try SwarmInputMapping(input))
        let reader = try TicketReader(path: path, options: options)
        var examples: [LabelledExample] = []
        var held: [LabelledExample] = []
        var hasSplit = false
        for item in reader {
            switch item {
            case .ticket(let ticket):
                guard let domain = ticket.fields["domain"], !domain.isEmpty else {
                    throw TicketInputError(file: path, position: TextPosition(line: ticket.sourceLine, column: 1, offset: 0),
                                           kind: .unexpected(found: "example '\(ticket.id)' without a domain", expected: "a domain for every example"))
                }
                let example = LabelledExample(text: ticket.text, domain: domain, id: ticket.id, line: ticket.sourceLine)
                if let split = ticket.fields["split"], !split.isEmpty { hasSplit = true }
                if ticket.fields["split"] == "eval" { held.append(example) } else { examples.append(example) }
            case .rejected:
                continue
            case .failed(let error):
                throw error
            }
        }
        switch rows {
        case .training: return examples
        case .evaluation: return hasSplit ? held : examples + held
        }
    }
}

extension SwarmInputMapping {
    /// The swarm file's `[input]` as the readers apply it; nil when it names no id and text.
    public init?(_ input: InputMappingSpec?) throws(TicketInputError) {
        guard let input, let id = input.idField, !input.textFields.isEmpty else { return nil }
        var format: TicketFormat?
        if let name = input.format { format = try TicketFormat(argument: name) }
        self.init(mapping: TicketFieldMapping(idField: id, textFields: input.textFields), format: format)
    }
}
