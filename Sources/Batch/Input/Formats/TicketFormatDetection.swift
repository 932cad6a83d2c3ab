import Foundation

/// Tells an export's format from its file extension and its first bytes, without consuming
/// anything: the container first (CSV, JSON array, JSON lines), then the helpdesk shape from the
/// CSV header or the JSON keys.
enum TicketFormatDetection {
    /// The container of the file at `path` whose first bytes are `prefix`; `format`, when given,
    /// limits the choice and a file that cannot be of it is an error.
    static func container(path: String, prefix: ArraySlice<UInt8>, format: TicketFormat?) throws(TicketInputError) -> TicketContainer {
        let detected = fromContent(path: path, prefix: prefix)
        guard let format else { return detected }
        let allowed = format.allowedContainers
        if allowed.contains(detected) { return detected }
        if allowed.count == 1, let only = allowed.first { return only }
        // Only the JSON shapes (Zendesk, GitHub) allow two containers, and the content is not JSON.
        let first = firstSignificantByte(prefix).map(CSVRecordParser.describe) ?? "nothing"
        throw TicketInputError(file: path, position: TextPosition(line: 1, column: 1, offset: 0),
                               kind: .formatMismatch(format: format.rawValue,
                                                     reason: "expected JSON starting with '[' or '{', found \(first)"))
    }

    /// The container the extension names, else the one the content shows.
    private static func fromContent(path: String, prefix: ArraySlice<UInt8>) -> TicketContainer {
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl", "ndjson": return .jsonLines
        case "csv", "tsv", "psv": return .csv
        default: break
        }
        switch firstSignificantByte(prefix) {
        case UInt8(ascii: "["): return .jsonArray
        case UInt8(ascii: "{"): return isJSONLines(prefix) ? .jsonLines : .jsonArray
        default: return .csv
        }
    }

    /// Whether a file starting with `{` holds one object per line rather than one object wrapping
    /// an array: its first line is a whole object, and not a wrapper of tickets.
    private static func isJSONLines(_ prefix: ArraySlice<UInt8>) -> Bool {
        let content = prefix.drop { $0 != UInt8(ascii: "{") }
        guard let newline = content.firstIndex(of: 0x0A),
              let object = try? JSONSerialization.jsonObject(with: Data(content[..<newline])) as? [String: Any] else {
            return false
        }
        return !JSONArrayRecordSource.wrapperKeys.contains { object[$0] is [Any] }
    }

    private static func firstSignificantByte(_ prefix: ArraySlice<UInt8>) -> UInt8? {
        var bytes = prefix
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    }

    /// The shape a CSV header shows: Jira and Freshdesk by their id and title columns.
    static func csvShape(header: [String]) -> TicketShape {
        let names = Set(header.map { $0.lowercased() })
        if names.contains("issue key") && names.contains("summary") { return .jira }
        if names.contains("ticket id") && names.contains("subject") { return .freshdesk }
        return .generic
    }

    /// The shape the keys in a JSON file's first bytes show: Zendesk tickets have `subject` and
    /// `description`, GitHub issues `number`, `title` and `body`. A heuristic over the first
    /// chunk; `--format` settles any doubt.
    static func jsonShape(prefix: ArraySlice<UInt8>) -> TicketShape {
        let text = String(decoding: prefix, as: UTF8.self)
        func hasKey(_ key: String) -> Bool {
            text.contains("\"\(key)\":") || text.contains("\"\(key)\" :")
        }
        if hasKey("subject") && hasKey("description") { return .zendesk }
        if hasKey("number") && hasKey("title") && hasKey("body") { return .github }
        return .generic
    }

    /// The `--format` name of a container and shape.
    static func format(container: TicketContainer, shape: TicketShape) -> TicketFormat {
        switch shape {
        case .zendesk: return .zendesk
        case .jira: return .jira
        case .freshdesk: return .freshdesk
        case .github: return .github
        case .generic:
            switch container {
            case .csv: return .csv
            case .jsonLines: return .jsonl
            case .jsonArray: return .json
            }
        }
    }
}
