import ApiaryTestSupport
import Foundation
import XCTest
@testable import Batch

/// The export readers over random and mutated exports, for a fixed time: they never crash or
/// hang, every record is read or reported with its line, and a ticket's text is exactly what the
/// file holds.
final class TicketReaderFuzzTests: XCTestCase {
    private let budget: TimeInterval = 3

    private let samples = ["jira-issues.csv", "jira-export.csv", "freshdesk-tickets.csv", "freshdesk-export.csv",
                           "zendesk-tickets.json", "zendesk-api-docs-tickets.json", "zendesk-export.jsonl",
                           "github-issues.json", "github-octokit-paginate-issues.json", "github-gh-issue-list.json",
                           "github-issues-with-pull-request.json", "generic-tickets.csv", "invalid-utf8.csv", "truncated.json"]

    /// Text that survives a reader unchanged: no HTML markers, no CR (normalised), no edge spaces
    /// (trimmed); but quotes, commas, semicolons, newlines, NUL, escapes, bidi and astral characters.
    private let alphabet: [Unicode.Scalar] = ["a", "Q", "7", " ", ",", ";", "\"", "'", "\\", "\n", "\u{0}", "\u{1B}",
                                              "\u{202E}", "é", "🐝", "日", "{", "]"]

    private func randomText(_ generator: inout SplitMix64) -> String {
        var scalars = String.UnicodeScalarView(["x"])
        for _ in 0..<Int.random(in: 0...20, using: &generator) { scalars.append(alphabet.randomElement(using: &generator)!) }
        scalars.append("y")
        return String(scalars)
    }

    private func csvField(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    private func jsonString(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed]), as: UTF8.self)
    }

    /// A generated export: its bytes and, per record, the id, the text the reader must produce and the first line.
    private func generated(_ generator: inout SplitMix64, csv: Bool) -> (bytes: [UInt8], records: [(id: String, text: String, line: Int)]) {
        var out = csv ? "id,subject,body\n" : ""
        var line = csv ? 2 : 1
        var records: [(String, String, Int)] = []
        for index in 0..<Int.random(in: 1...25, using: &generator) {
            let id = "R\(index)"
            let subject = randomText(&generator)
            let body = randomText(&generator)
            let row = csv ? "\(id),\(csvField(subject)),\(csvField(body))\n"
                          : "{\"id\":\"\(id)\",\"subject\":\(jsonString(subject)),\"body\":\(jsonString(body))}\n"
            records.append((id, subject + "\n\n" + body, line))
            line += row.filter { $0 == "\n" }.count
            out += row
        }
        return (Array(out.utf8), records)
    }

    private func mutate(_ bytes: [UInt8], _ generator: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        let inserted: [UInt8] = Array("\"',;\t\r\n{}[]:\\<>&".utf8) + [0x00, 0xFF, 0xC3, 0xE2]
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !bytes.isEmpty: bytes.remove(at: position)
            case 1: bytes.insert(inserted.randomElement(using: &generator)!, at: position)
            case 2 where !bytes.isEmpty: bytes[position] = inserted.randomElement(using: &generator)!
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return bytes
    }

    /// Reads `path` to the end, checking that it ends, that every place is inside the file and
    /// that a structural error is the last item.
    private func readChecked(_ path: String, bytes: [UInt8], format: TicketFormat?, what: String) -> ReadResult? {
        let reader: TicketReader
        do {
            reader = try TicketReader(path: path, options: .init(format: format))
        } catch {
            XCTAssertFalse(error.description.isEmpty, what)
            return nil
        }
        // Physical lines as the readers count them: LF, CRLF, and (in CSV) a bare CR end a line.
        let bareCRs = zip(bytes, bytes.dropFirst().map(Optional.some) + [nil]).filter { $0 == 0x0D && $1 != 0x0A }.count
        let lines = bytes.filter { $0 == 0x0A }.count + bareCRs + 1
        var result = ReadResult()
        var items = 0
        while let item = reader.next() {
            items += 1
            guard items <= bytes.count + 2 else {
                XCTFail("\(what): the reader does not end")
                return nil
            }
            XCTAssertNil(result.failure, "\(what): an item after the structural error")
            switch item {
            case .ticket(let ticket):
                XCTAssertTrue((1...lines).contains(ticket.sourceLine), "\(what): ticket at line \(ticket.sourceLine) of \(lines)")
                result.tickets.append(ticket)
            case .rejected(let rejection):
                XCTAssertTrue((1...lines).contains(rejection.line), "\(what): rejection at line \(rejection.line) of \(lines)")
                XCTAssertFalse(rejection.reason.isEmpty, what)
                result.rejections.append(rejection)
            case .failed(let error):
                XCTAssertNotNil(error.position, "\(what): a structural error without a place: \(error)")
                result.failure = error
            }
        }
        return result
    }

    func testGeneratedExportsAreReadExactlyAndDamagedOnesReportEveryLine() throws {
        var generator = SplitMix64(seed: 0xF0_22_17)
        let directory = try TemporaryDirectory()
        let originals = try samples.map { ($0, Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path($0))))) }
        let started = Date()
        var rounds = 0
        while Date().timeIntervalSince(started) < budget {
            rounds += 1
            let csv = Bool.random(using: &generator)
            let export = generated(&generator, csv: csv)
            let name = "\(rounds).\(csv ? "csv" : "jsonl")"

            // Undamaged: every record is a ticket, with its text and line exactly.
            let path = try directory.write(name, bytes: export.bytes)
            guard let clean = readChecked(path, bytes: export.bytes, format: nil, what: name) else { continue }
            XCTAssertNil(clean.failure, "\(name): \(String(describing: clean.failure))")
            XCTAssertTrue(clean.rejections.isEmpty, "\(name): \(clean.rejections)")
            XCTAssertEqual(clean.tickets.map(\.id), export.records.map(\.id), name)
            XCTAssertEqual(clean.tickets.map(\.text), export.records.map(\.text), "\(name): text altered")
            XCTAssertEqual(clean.tickets.map(\.sourceLine), export.records.map(\.line), name)

            // Damaged JSON lines: each line stands alone, so each is read or reported at its own line.
            let damaged = mutate(export.bytes, &generator)
            let damagedPath = try directory.write("damaged-" + name, bytes: damaged)
            if let result = readChecked(damagedPath, bytes: damaged, format: csv ? .csv : .jsonl, what: "damaged " + name),
               !csv, result.failure == nil {
                let lines = damaged.split(separator: 0x0A, omittingEmptySubsequences: false)
                for (index, line) in lines.enumerated() where line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                    let accounted = result.tickets.filter { $0.sourceLine == index + 1 }.count
                        + result.rejections.filter { $0.line == index + 1 }.count
                    XCTAssertEqual(accounted, 1, "damaged \(name) line \(index + 1) is neither read nor reported once")
                }
                // A damaged line still read as a ticket has the text its JSON says.
                for ticket in result.tickets {
                    let line = Data(lines[ticket.sourceLine - 1])
                    if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                       let subject = object["subject"] as? String, let body = object["body"] as? String,
                       !subject.contains("<"), !body.contains("<"), !subject.contains("&"), !body.contains("&") {
                        let parts = [subject, body].map { $0.replacingOccurrences(of: "\r\n", with: "\n")
                            .replacingOccurrences(of: "\r", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
                        XCTAssertEqual(ticket.text, parts.filter { !$0.isEmpty }.joined(separator: "\n\n"),
                                       "damaged \(name) line \(ticket.sourceLine): text altered")
                    }
                }
            }

            // Mutated real samples, read as detected and as each format.
            let (sample, original) = originals.randomElement(using: &generator)!
            let mutated = mutate(original, &generator)
            let mutatedPath = try directory.write("\(rounds)-\(sample)", bytes: mutated)
            for format in [nil, TicketFormat.allCases.randomElement(using: &generator)] {
                _ = readChecked(mutatedPath, bytes: mutated, format: format, what: "mutated \(sample) as \(String(describing: format))")
            }
            if testRun?.failureCount ?? 0 > 0 { return }
        }
        XCTAssertGreaterThan(rounds, 10, "the time budget allowed too few rounds to mean anything")
        print("export reader fuzz: \(rounds) rounds in \(budget) s")
    }
}
