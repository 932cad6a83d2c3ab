import Foundation
import Store
import Swarm

/// One line of an answers file (`apiary audit`): an answer to audit, or why the line
/// cannot be one.
public enum AnswerLine: Sendable {
    case answer(AnswerToAudit, line: Int)
    case invalid(line: Int, message: String)
}

/// Reads `{"id", "request", "answer", "domain"?}` JSON lines: answers written
/// anywhere (people, another system, a cloud model) to be audited. Blank lines
/// are skipped; every other line is an answer or an `invalid` with its number,
/// and reading goes on after it.
public enum AnswerLines {
    /// - Parameter domains: the swarm's domains; a line naming another is invalid.
    public static func read(_ contents: Data, domains: [String]) -> [AnswerLine] {
        var lines: [AnswerLine] = []
        var seen = Set<String>()
        for (index, raw) in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var bytes = Array(raw)
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                lines.append(.invalid(line: number, message: "expected UTF-8 text"))
                continue
            }
            if text.allSatisfy(\.isWhitespace) { continue }
            do {
                let answer = try parse(text, domains: domains)
                guard seen.insert(answer.id).inserted else {
                    throw Problem("id \"\(answer.id)\" appears on an earlier line; ids must be unique")
                }
                lines.append(.answer(answer, line: number))
            } catch let problem as Problem {
                lines.append(.invalid(line: number, message: problem.message))
            } catch {
                lines.append(.invalid(line: number, message: "\(error)"))
            }
        }
        return lines
    }

    private struct Problem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private static func parse(_ text: String, domains: [String]) throws -> AnswerToAudit {
        guard let value = try? JSONValue.parse(text) else { throw Problem("expected one JSON object per line, found text that is not JSON") }
        guard case .object = value else { throw Problem("expected a JSON object, got \(value.kindName)") }
        let id: String
        switch value["id"] {
        case .string(let s)? where !s.isEmpty: id = s
        case .integer(let i)?: id = String(i)
        case nil, .null?: throw Problem("expected \"id\": a non-empty string or an integer")
        case let other?: throw Problem("expected \"id\" to be a non-empty string or an integer, got \(other.kindName)")
        }
        func string(_ key: String) throws -> String? {
            guard let field = value[key], !field.isNull else { return nil }
            guard let text = field.stringValue else { throw Problem("expected \"\(key)\" to be a string, got \(field.kindName)") }
            return text
        }
        guard let request = try string("request"), !request.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem("expected \"request\": the request text, non-empty")
        }
        guard let answer = try string("answer") else { throw Problem("expected \"answer\": the answer text as a string") }
        let domain = try string("domain")
        if let domain, !domains.contains(domain) {
            throw Problem("unknown domain \"\(domain)\"; the swarm has \(domains.joined(separator: ", "))")
        }
        return AnswerToAudit(id: id, request: request, answer: answer, domain: domain)
    }
}
