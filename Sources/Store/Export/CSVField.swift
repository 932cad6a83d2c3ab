/// One CSV cell as every CSV Apiary writes it (`queue export --format csv`, `batch --out
/// results.csv`): RFC 4180 quoting, and safe to open in a spreadsheet.
///
/// A cell a spreadsheet would run as a formula — one starting with `=`, `+`, `-`, `@`, tab or
/// CR (CSV injection) — is written as OWASP recommends: a single quote in front and the whole
/// cell quoted, so it shows as text and cannot call out (`=HYPERLINK(…)`, `=cmd|…`). A plain
/// decimal number (`-0.5`, `-1e-3`) is a value, not a formula, and is left alone.
public enum CSVField {
    public static func escape(_ text: String) -> String {
        if let first = text.unicodeScalars.first, formulaStarts.contains(first), !isPlainNumber(text) {
            return quoted("'" + text)
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        return quoted(text)
    }

    /// First characters that make a spreadsheet cell a formula (OWASP, "CSV Injection").
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Digits with a sign, point and exponent only (not `-inf`, `-nan` or hex floats, which
    /// Swift's `Double` would also read).
    private static func isPlainNumber(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }
            && text.unicodeScalars.contains { ("0"..."9").contains($0) } && Double(text) != nil
    }
}
