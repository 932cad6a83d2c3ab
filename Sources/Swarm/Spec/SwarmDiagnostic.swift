import TOML

/// One problem found in a swarm file, where it is and what was expected.
public struct SwarmDiagnostic: Sendable, CustomStringConvertible, Equatable {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var message: String
    /// Where in which file; nil for problems without a place (a missing file).
    public var position: TOMLPosition?

    public init(_ message: String, at position: TOMLPosition?, severity: Severity = .error) {
        self.message = message
        self.position = position
        self.severity = severity
    }

    /// `swarms/x.toml:12:5: error: router.min_confidence must be between 0 and 1`
    public var description: String {
        guard let position else {
            // Messages from other files (policies) start with their own location.
            return message.contains(": error: ") ? message : "\(severity.rawValue): \(message)"
        }
        return position.diagnostic(message, severity: severity.rawValue)
    }
}

/// A swarm file that cannot be used; lists every error found.
public struct SwarmSpecError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [SwarmDiagnostic]

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Collects diagnostics while a file is read, so `apiary check` reports all
/// problems at once instead of stopping at the first.
struct DiagnosticCollector {
    private(set) var diagnostics: [SwarmDiagnostic] = []

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func error(_ message: String, at position: TOMLPosition?) {
        diagnostics.append(SwarmDiagnostic(message, at: position))
    }

    mutating func warning(_ message: String, at position: TOMLPosition?) {
        diagnostics.append(SwarmDiagnostic(message, at: position, severity: .warning))
    }

    mutating func record(_ error: TOMLError) {
        diagnostics.append(SwarmDiagnostic(error.message, at: error.position))
    }

    /// Runs a typed TOML accessor; on error records it and returns nil.
    mutating func attempt<T>(_ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let error as TOMLError {
            record(error)
        } catch {
            self.error("\(error)", at: nil)
        }
        return nil
    }

    /// Reports keys of `table` that are not in `known` — usually typos.
    mutating func rejectUnknownKeys(_ table: TOMLTable, known: [String]) {
        for entry in table.entries where !known.contains(entry.key) {
            let suggestion = known.min { editDistance($0, entry.key) < editDistance($1, entry.key) }
            let hint = suggestion.map { editDistance($0, entry.key) <= 2 ? " (did you mean '\($0)'?)" : "" } ?? ""
            error("unknown key '\(table.path(of: entry.key))'\(hint); expected one of: \(known.joined(separator: ", "))",
                  at: entry.keyPosition)
        }
    }
}

/// Levenshtein distance, for "did you mean" hints on short keys.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = current
        }
    }
    return a.isEmpty ? b.count : row[b.count]
}
