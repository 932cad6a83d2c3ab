import Swarm

/// A swarm's `examples` file: any ticket export the readers understand, with
/// a `domain` column (and optionally `split`; `eval` rows are held out).
public enum LabelledExampleFile {
    public static func load(path: String, mapping: TicketFieldMapping? = nil) throws -> [LabelledExample] {
        let reader = try TicketReader(path: path, options: .init(mapping: mapping))
        var examples: [LabelledExample] = []
        for item in reader {
            switch item {
            case .ticket(let ticket):
                guard ticket.fields["split"] != "eval" else { continue }
                guard let domain = ticket.fields["domain"], !domain.isEmpty else {
                    throw TicketInputError(file: path, position: TextPosition(line: ticket.sourceLine, column: 1, offset: 0),
                                           kind: .unexpected(found: "example '\(ticket.id)' without a domain", expected: "a domain for every example"))
                }
                examples.append(LabelledExample(text: ticket.text, domain: domain))
            case .rejected:
                continue
            case .failed(let error):
                throw error
            }
        }
        return examples
    }
}
