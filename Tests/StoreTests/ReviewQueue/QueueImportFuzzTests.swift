import ApiaryTestSupport
import Foundation
import XCTest
@testable import Store

/// `queue import` over random and mutated result lines, for a fixed time: it never crashes,
/// every line is imported (added, duplicate, not flagged) or reported with its line number, and
/// what is stored is exactly what the line says.
final class QueueImportFuzzTests: XCTestCase {
    private let budget: TimeInterval = 3

    /// Result lines as `apiary run --json`, `apiary batch` and hand-written files give them.
    private let samples = [
        #"{"request":"My card was charged twice","answer":"Refund issued.","route":{"domain":"billing","confidence":0.93,"strategy":"embedding","specialist":"billing"},"audit":{"score":0.41,"reasons":["no policy cited"]},"verdict":"flagged","flags":[{"kind":"low_score","reason":"audit score 0.41 < 0.6"}],"reasons":["spot check"],"source":{"job":"j7","ticket":1234},"trace":{"steps":[]}}"#,
        #"{"id":"T-9","request":"hi","answer":"hello","domain":"chat","score":0.5,"reasons":["short"]}"#,
        #"{"answer":"Tomorrow.","domain":"shipping","id":"2","request":"Where is my parcel?"}"#,
        #"{"id":"3","answer":"no request"}"#,
        // A result record as `apiary batch` writes it today (RecordJSON, every key present).
        #"{"answer":"We refunded the second charge.","audit":{"distribution":{"no":0.3,"yes":0.7},"method":"yes_no","prompt_tokens":88,"reasons":["auditor: P(yes) = 0.70"],"score":0.7,"seconds":0.1},"domain":"billing","id":"T-17","job":"job-1","line":4,"position":3,"reasons":[{"message":"audit score 0.70 < 0.80","rule":"audit_score"}],"request":"Charged twice for order 10452","route":{"action":"answer","confidence":0.91,"seconds":0.01,"strategies":[{"decided":true,"scores":{"billing":0.91},"seconds":0.01,"strategy":"rules"}],"strategy":"rules"},"seconds":1.5,"specialist":"billing","system_prompt":"You are billing.","ticket":{"priority":"high"},"tokens_in":120,"tokens_out":30,"trace":[{"notes":[],"seconds":0.2,"step":"specialist","tokens_in":120,"tokens_out":30}],"verdict":"flagged"}"#,
    ]

    /// Characters that break naive handling: quotes, escapes, controls, NUL, bidi, astral, combining.
    private let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1B}",
                                              "\u{7}", "\u{9B}", "\u{202E}", "\u{2066}", "é", "\u{301}", "🐝", "日", "\u{FEFF}", "{", "}"]

    private func randomText(_ generator: inout SplitMix64, nonBlank: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...24, using: &generator) { scalars.append(alphabet.randomElement(using: &generator)!) }
        var text = String(scalars)
        if nonBlank { text = "x" + text }
        return text
    }

    private func mutate(_ bytes: [UInt8], _ generator: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        let inserted: [UInt8] = Array("\"\\{}[],:0n\n".utf8) + [0x00, 0xFF, 0xC3, 0xED, 0xA0, 0x80]
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !bytes.isEmpty: bytes.remove(at: position)
            case 1: bytes.insert(inserted.randomElement(using: &generator)!, at: position)
            case 2 where !bytes.isEmpty: bytes[position] = inserted.randomElement(using: &generator)!
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return bytes.filter { $0 != 0x0A }   // one line stays one line
    }

    /// What a generated minimal line must be stored as.
    private struct Expected {
        var request: String
        var answer: String
        var domain: String?
        var reasons: [String]
    }

    func testRandomAndMutatedLinesAreImportedExactlyOrReportedByLine() throws {
        var generator = SplitMix64(seed: 0x5EED_0017)
        let started = Date()
        var rounds = 0
        var linesSeen = 0
        while Date().timeIntervalSince(started) < budget {
            rounds += 1
            var lines: [[UInt8]] = []
            var expected: [Int: (ticket: String, item: Expected)] = [:]
            for index in 0..<Int.random(in: 1...40, using: &generator) {
                switch Int.random(in: 0..<6, using: &generator) {
                case 0 where Bool.random(using: &generator):
                    // A result record with random text: decoded exactly as written.
                    let ticket = "rec-\(rounds)-\(index)"
                    let item = Expected(request: randomText(&generator, nonBlank: true), answer: randomText(&generator, nonBlank: false),
                                        domain: Bool.random(using: &generator) ? randomText(&generator, nonBlank: false) : nil,
                                        reasons: [])
                    let record = ResultRecord(id: ticket, request: item.request, domain: item.domain, answer: item.answer,
                                              verdict: .flagged)
                    lines.append(Array(try RecordJSON.line(record).utf8))
                    expected[lines.count] = (ticket, item)
                case 0, 1:
                    let ticket = "gen-\(rounds)-\(index)"
                    let item = Expected(request: randomText(&generator, nonBlank: true), answer: randomText(&generator, nonBlank: false),
                                        domain: Bool.random(using: &generator) ? randomText(&generator, nonBlank: false) : nil,
                                        reasons: (0..<Int.random(in: 0...2, using: &generator)).map { "r\($0)" + randomText(&generator, nonBlank: false) })
                    var members: [String: JSONValue] = ["id": .string(ticket), "request": .string(item.request),
                                                        "answer": .string(item.answer), "reasons": JSONValue(item.reasons)]
                    if let domain = item.domain { members["domain"] = .string(domain) }
                    lines.append(Array(JSONValue.object(members).jsonText.utf8))
                    expected[lines.count] = (ticket, item)
                case 2: lines.append(mutate(Array(samples.randomElement(using: &generator)!.utf8), &generator))
                case 3: lines.append((0..<Int.random(in: 0...30, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    .filter { $0 != 0x0A })
                case 4: lines.append(Array(samples.randomElement(using: &generator)!.utf8))
                default: lines.append(Array("  ".utf8))
                }
            }
            let file = Array(lines.joined(separator: [0x0A]))
            let queue = try ReviewQueue(database: Database(path: ":memory:"))
            let report = try queue.importJSONLines(Data(file), file: "fuzz.jsonl")
            linesSeen += lines.count

            // Every line is accounted for exactly once: imported, duplicate, or reported by number.
            let reported = report.invalid.map(\.line)
            XCTAssertEqual(Set(reported).count, reported.count, "a line reported twice")
            XCTAssertTrue(reported.allSatisfy { (1...lines.count).contains($0) }, "\(reported) outside 1...\(lines.count)")
            XCTAssertTrue(report.invalid.allSatisfy { $0.file == "fuzz.jsonl" && !$0.message.isEmpty })
            let blank = lines.enumerated().filter { _, bytes in
                String(validating: bytes, as: UTF8.self).map { $0.allSatisfy(\.isWhitespace) } ?? false
            }.count
            XCTAssertEqual(report.added + report.duplicates + report.invalid.count, lines.count - blank, "round \(rounds)")

            // Generated lines are valid: imported with every field exactly as written.
            for (line, entry) in expected {
                XCTAssertFalse(reported.contains(line), "valid line \(line) reported: \(report.invalid)")
                guard let item = try queue.items().first(where: { $0.source == ReviewSource(job: "", ticket: entry.ticket) }) else {
                    XCTFail("line \(line) (ticket \(entry.ticket)) was not stored")
                    continue
                }
                XCTAssertEqual(item.request, entry.item.request, "line \(line) request altered")
                XCTAssertEqual(item.answer, entry.item.answer, "line \(line) answer altered")
                XCTAssertEqual(item.domain, entry.item.domain, "line \(line) domain altered")
                XCTAssertEqual(item.content.reasons, entry.item.reasons, "line \(line) reasons altered")
            }
            if testRun?.failureCount ?? 0 > 0 { return }
        }
        XCTAssertGreaterThan(rounds, 10, "the time budget allowed too few rounds to mean anything")
        print("queue import fuzz: \(rounds) files, \(linesSeen) lines in \(budget) s")
    }
}
