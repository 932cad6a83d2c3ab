import ApiaryTestSupport
import Foundation
import Store
import XCTest

/// `apiary batch` killed with SIGKILL at random moments, resumed each time:
/// the final results hold exactly the tickets of an uninterrupted run, each
/// once, with the same answers.
final class KillResumeTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func testKilledAndResumedJobEqualsAnUninterruptedRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let swarm = Self.root.appendingPathComponent("Tests/BatchTests/Fixtures/fast-swarm.toml").path
        let input = try makeTickets(in: dir, count: 60)

        let started = Date()
        let reference = try runApiary(["batch", swarm, input, "--out", dir.appendingPathComponent("reference.jsonl").path,
                                       "--db", dir.appendingPathComponent("reference.db").path, "--job", "ref", "--quiet", "--batch", "4"], in: dir)
        XCTAssertEqual(reference.status, 0, reference.error)
        // Kill instants scale with the job: each run does at most a quarter of it
        // before being killed, so at least three kills land before it is done.
        let duration = Date().timeIntervalSince(started)
        let expected = try results(dir.appendingPathComponent("reference.jsonl"))
        XCTAssertEqual(expected.count, 61, "60 tickets and one rejected row")

        let out = dir.appendingPathComponent("killed.jsonl").path
        let db = dir.appendingPathComponent("killed.db").path
        var generator = SystemRandomNumberGenerator()
        var arguments = ["batch", swarm, input, "--out", out, "--db", db, "--job", "k", "--quiet", "--batch", "4"]
        var kills = 0
        var linesAtKills: [Int] = []
        for _ in 0..<8 {
            let child = try ChildProcess(try apiaryExecutable(), arguments, directory: dir)
            // Kill at a random instant: while loading, registering, answering or writing.
            Thread.sleep(forTimeInterval: Double.random(in: (0.1 * duration)...(0.25 * duration), using: &generator))
            guard child.process.isRunning else {
                let result = child.wait()
                XCTAssertEqual(result.status, 0, result.error)
                break
            }
            child.killHard()
            kills += 1
            let written = (try? String(contentsOfFile: out, encoding: .utf8))?.split(separator: "\n").count ?? 0
            linesAtKills.append(written)
            arguments = ["batch", "--resume", "k", "--db", db, "--quiet"]
        }
        // Finish the job.
        let last = try runApiary(["batch", "--resume", "k", "--db", db, "--quiet"], in: dir)
        XCTAssertEqual(last.status, 0, last.error)
        XCTAssertGreaterThanOrEqual(kills, 3, "the job finished before three kills: make it longer")
        print("killed \(kills) times, with \(linesAtKills) result lines written")
        XCTAssertTrue(linesAtKills.contains { $0 > 0 && $0 < expected.count }, "no kill landed while answering: \(linesAtKills)")

        let actual = try results(URL(fileURLWithPath: out))
        XCTAssertEqual(actual.count, expected.count, "every ticket exactly once")
        XCTAssertEqual(Set(actual.keys), Set(expected.keys))
        for (id, answer) in expected { XCTAssertEqual(actual[id], answer, "ticket \(id)") }

        // Facts commit with their results: one per answered ticket despite the kills, tokens as in the result lines.
        for (database, job, file) in [(dir.appendingPathComponent("reference.db").path, "ref", "reference.jsonl"), (db, "k", "killed.jsonl")] {
            let store = try BatchJobStore(database: Database(path: database, access: .readOnly))
            let facts = try store.ticketFacts(job: job)
            let answered = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
                .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .filter { $0["verdict"] as? String != "rejected" }
            XCTAssertEqual(facts.count, answered.count, job)
            XCTAssertEqual(Set(facts.map(\.ticket)).count, facts.count, "\(job): a ticket's facts recorded twice")
            let tokens = answered.reduce(0) { $0 + ($1["tokens_in"] as? Int ?? 0) + ($1["tokens_out"] as? Int ?? 0) }
            let sums = try XCTUnwrap(store.jobFacts()[job])
            XCTAssertEqual(sums.tokensIn + sums.tokensOut, tokens, job)
            XCTAssertEqual(facts.reduce(0) { $0 + $1.tokensIn + $1.tokensOut }, tokens, job)
            XCTAssertGreaterThan(sums.usage.cpuSeconds, 0, job)
            XCTAssertEqual(sums.models["specialist"].map { !$0.isEmpty }, true, job)
        }
    }

    /// Result lines by ticket id (rejected rows keyed by their line); fails on a duplicate.
    private func results(_ url: URL) throws -> [String: String] {
        var byID: [String: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            let id = (object["id"] as? String) ?? "line \(object["line"] ?? "?")"
            XCTAssertNil(byID[id], "ticket \(id) written twice")
            byID[id] = (object["answer"] as? String) ?? (object["verdict"] as? String) ?? ""
        }
        return byID
    }

    /// The first `count` example tickets plus one with empty text.
    private func makeTickets(in dir: URL, count: Int) throws -> String {
        let source = try String(contentsOf: Self.root.appendingPathComponent("examples/tickets.csv"), encoding: .utf8)
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
        records.append("EMPTY-1,,,billing,eval")
        let path = dir.appendingPathComponent("tickets.csv").path
        try (records.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
