import Foundation

/// A line of an import file that could not be read: where it is and what was expected.
public struct QueueImportError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}

/// What `apiary queue import` did.
public struct ImportReport: Sendable, Equatable {
    public var added = 0
    public var duplicates = 0
    /// Valid lines left out on purpose (`flaggedOnly` and the verdict was not `flagged`).
    public var notFlagged = 0
    public var invalid: [QueueImportError] = []
}

/// Reads review items from JSON lines.
///
/// A line with the keys of a `ResultRecord` (what `apiary run --json`, `apiary
/// audit --json` and `apiary batch` write) is decoded as exactly that record.
/// Other systems' lines are read leniently: `request`, `answer`, `route: {domain,
/// confidence, strategy, specialist}` or `domain`, `audit: {score, reasons}` or
/// `score`, `verdict`, `flags`, `reasons`, `specialist`, `priority`, `trace`,
/// `system_prompt`, and `source: {job, ticket}` or `id` — down to the minimal
/// form `{"id", "request", "answer"}`. Without `source` or `id`, the ticket is a
/// hash of the request and answer, so importing the same result twice still
/// adds it once.
public enum QueueImport {
    /// One line's problem, before the file and line number are attached.
    public struct Problem: Error, Equatable {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    /// The item described by one JSON line.
    public static func item(fromLine text: String) throws -> NewReviewItem {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw Problem("expected one JSON object per line, found text that is not JSON")
        }
        guard case .object = value else { throw Problem("expected a JSON object, got \(value.kindName)") }
        if isResultRecord(value) {
            let record: ResultRecord
            do {
                record = try RecordJSON.decode(ResultRecord.self, from: text)
            } catch {
                throw Problem("a result record: " + RecordJSON.describe(error))
            }
            guard !record.request.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Problem("expected \"request\" to be non-empty")
            }
            return try NewReviewItem(record)
        }
        let fields = Fields(value)

        guard let request = try fields.string("request") ?? fields.string("text") else {
            throw Problem("expected \"request\": the request text as a string")
        }
        guard !request.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem("expected \"request\" to be non-empty")
        }
        guard let answer = try fields.string("answer") else {
            throw Problem("expected \"answer\": the specialist's answer as a string")
        }
        let specialist = try fields.string("specialist") ?? fields.string("route.specialist") ?? fields.string("specialist.name")
        let auditReasons = try fields.strings("audit.reasons")
        let policyReasons = try fields.strings("reasons")
        var reasons: [String] = []
        for reason in auditReasons + policyReasons where !reasons.contains(reason) { reasons.append(reason) }

        var item = NewReviewItem(
            source: try source(fields, request: request, answer: answer),
            request: request,
            answer: answer,
            domain: try fields.string("route.domain") ?? fields.string("domain"),
            routeConfidence: try fields.number("route.confidence") ?? fields.number("confidence"),
            routeStrategy: try fields.string("route.strategy") ?? fields.string("strategy"),
            specialist: specialist,
            auditScore: try fields.number("audit.score") ?? fields.number("score"),
            reasons: reasons,
            flags: try fields.strings("flags"),
            verdict: try fields.string("verdict"),
            priority: 0,
            systemPrompt: try fields.string("system_prompt") ?? fields.string("system"),
            trace: fields.raw("trace").map(\.jsonText))
        if let priority = try fields.number("priority") {
            guard let whole = Int(exactly: priority) else { throw Problem("expected \"priority\" to be an integer") }
            item.priority = whole
        }
        return item
    }

    /// The keys only a `ResultRecord` has together (a foreign line may share a few of them).
    private static func isResultRecord(_ value: JSONValue) -> Bool {
        ["verdict", "reasons", "trace", "tokens_in", "tokens_out", "seconds", "ticket"].allSatisfy { value[$0] != nil }
    }

    private static func source(_ fields: Fields, request: String, answer: String) throws -> ReviewSource {
        if fields.raw("source") != nil {
            guard let ticket = try fields.identifier("source.ticket") else {
                throw Problem("expected \"source.ticket\": the ticket id as a string or number")
            }
            return ReviewSource(job: try fields.identifier("source.job") ?? "", ticket: ticket)
        }
        if let id = try fields.identifier("id") {
            return ReviewSource(job: try fields.identifier("job") ?? "", ticket: id)
        }
        return ReviewSource(job: try fields.identifier("job") ?? "", ticket: "content-" + contentHash(request, answer))
    }

    /// FNV-1a (64-bit) over request, a NUL, and answer: a stable id for results that carry none.
    static func contentHash(_ request: String, _ answer: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(request.utf8) + [0] + Array(answer.utf8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Typed access to dotted paths (`route.domain`) of one object, with messages naming the path.
    private struct Fields {
        let root: JSONValue
        init(_ root: JSONValue) { self.root = root }

        func raw(_ path: String) -> JSONValue? {
            var value: JSONValue? = root
            for key in path.split(separator: ".") { value = value?[String(key)] }
            return value
        }

        /// A string, or nil when absent or null.
        func string(_ path: String) throws -> String? {
            guard let value = raw(path), !value.isNull else { return nil }
            guard let text = value.stringValue else {
                // `specialist` may be an object with a name; the caller tries `specialist.name` next.
                if case .object = value, path == "specialist" { return nil }
                throw Problem("expected \"\(path)\" to be a string, got \(value.kindName)")
            }
            return text
        }

        func number(_ path: String) throws -> Double? {
            guard let value = raw(path), !value.isNull else { return nil }
            guard let number = value.doubleValue else {
                throw Problem("expected \"\(path)\" to be a number, got \(value.kindName)")
            }
            return number
        }

        /// An id given as a string or an integer.
        func identifier(_ path: String) throws -> String? {
            guard let value = raw(path), !value.isNull else { return nil }
            switch value {
            case .string(let s) where !s.isEmpty: return s
            case .integer(let i): return String(i)
            default: throw Problem("expected \"\(path)\" to be a non-empty string or an integer, got \(value.kindName)")
            }
        }

        /// An array of strings; objects in it (structured flags) contribute their `reason`,
        /// `message` or `kind`, so a reviewer reads text, not JSON.
        func strings(_ path: String) throws -> [String] {
            guard let value = raw(path), !value.isNull else { return [] }
            if case .string(let single) = value { return [single] }
            guard case .array(let elements) = value else {
                throw Problem("expected \"\(path)\" to be an array of strings, got \(value.kindName)")
            }
            return elements.map { element in
                if let text = element.stringValue { return text }
                for key in ["reason", "message", "kind"] {
                    if let text = element[key]?.stringValue { return text }
                }
                return element.jsonText
            }
        }
    }
}

extension ReviewQueue {
    /// Enqueues every valid line of a JSON-lines file; bad lines are reported and skipped.
    /// - Parameters:
    ///   - contents: the file's bytes.
    ///   - file: the name used in problem reports.
    ///   - flaggedOnly: skip results whose `verdict` is present and neither `flagged` nor `failed`
    ///     (the verdicts a batch sends to review).
    public func importJSONLines(_ contents: Data, file: String, flaggedOnly: Bool = false) throws -> ImportReport {
        var report = ImportReport()
        var lineNumber = 0
        try database.transaction(.immediate) {
            for rawLine in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lineNumber += 1
                var bytes = Array(rawLine)
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    report.invalid.append(QueueImportError(file: file, line: lineNumber, message: "expected UTF-8 text"))
                    continue
                }
                if text.allSatisfy(\.isWhitespace) { continue }
                do {
                    let item = try QueueImport.item(fromLine: text)
                    if flaggedOnly, let verdict = item.verdict, verdict != "flagged", verdict != "failed" {
                        report.notFlagged += 1
                        continue
                    }
                    switch try enqueue(item) {
                    case .added: report.added += 1
                    case .duplicate: report.duplicates += 1
                    }
                } catch let problem as QueueImport.Problem {
                    report.invalid.append(QueueImportError(file: file, line: lineNumber, message: problem.message))
                }
            }
        }
        return report
    }
}
