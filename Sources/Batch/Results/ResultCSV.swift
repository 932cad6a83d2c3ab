import Store

/// The CSV form of result records (`apiary batch … --out results.csv`): one
/// row per record, flat columns a spreadsheet can sort, read from the same
/// record the JSON lines carry.
enum ResultCSV {
    static let columns = ["position", "id", "domain", "confidence", "strategy", "verdict", "score", "answer", "reasons",
                          "seconds", "tokens_in", "tokens_out"]

    static func row(_ record: ResultRecord) -> String {
        let cells: [String] = [
            record.position.map(String.init) ?? "", record.id ?? "", record.domain ?? "",
            record.route.map { "\($0.confidence)" } ?? "", record.route?.strategy ?? "", record.verdict.rawValue,
            record.audit.map { "\($0.score)" } ?? "", record.answer ?? "",
            record.reasons.map(\.message).joined(separator: "; "),
            "\(record.seconds)", "\(record.tokensIn)", "\(record.tokensOut)",
        ]
        return cells.map(CSVField.escape).joined(separator: ",")
    }

    /// A row for a line that is not a result record: empty cells, the line whole in `answer`.
    static func row(unreadable line: String) -> String {
        columns.map { $0 == "answer" ? CSVField.escape(line) : "" }.joined(separator: ",")
    }
}

/// RFC 4180 quoting.
enum CSVField {
    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
