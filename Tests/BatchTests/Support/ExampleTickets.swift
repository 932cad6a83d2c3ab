import Foundation

/// Ticket files for the tests that run `apiary batch`: the first example tickets of
/// `examples/tickets.csv` plus hand-made rows for the cases under test.
enum ExampleTickets {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var fastSwarm: String { root.appendingPathComponent("Tests/BatchTests/Fixtures/fast-swarm.toml").path }

    /// A ticket of about `characters` characters (a billing question padded with a long
    /// pasted log), too long for the fast swarm's 1,024-token context.
    static func long(id: String, characters: Int) -> String {
        let head = "I was charged twice for my order and need a refund. Here is everything from my order history:"
        var body = head
        var line = 0
        while body.count < characters - 80 {
            line += 1
            body += " Entry \(line): payment attempt recorded, status pending, amount 24.90 EUR, reference \(100_000 + line)."
        }
        body += " Please refund the second charge."
        return "\(id),Double charge,\"\(body)\",billing,eval"
    }

    /// A ticket routed to the fast swarm's `legal` specialist, whose prompt cannot fit its context.
    static func failing(id: String) -> String {
        "\(id),Legal notice,\"We are preparing a lawsuit about the contract you sent us.\",account,eval"
    }

    /// The header and first `count` example tickets, then `extra` rows; written to `tickets.csv` in `directory`.
    static func write(count: Int, extra: [String], in directory: URL) throws -> String {
        let source = try String(contentsOf: root.appendingPathComponent("examples/tickets.csv"), encoding: .utf8)
        // Records may span lines; cut after the count-th record by scanning quotes.
        var records: [String] = []
        var current = String.UnicodeScalarView()
        var inQuotes = false
        // Scalars, not Characters: "\r\n" is one Character and would hide the newline.
        for scalar in source.unicodeScalars {
            if scalar == "\"" { inQuotes.toggle() }
            if scalar == "\n" && !inQuotes {
                records.append(String(current))
                current = String.UnicodeScalarView()
                if records.count == count + 1 { break }
            } else {
                current.append(scalar)
            }
        }
        let path = directory.appendingPathComponent("tickets.csv").path
        try ((records + extra).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
