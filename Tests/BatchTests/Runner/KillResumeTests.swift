import ApiaryTestSupport
import Foundation
import Store
import XCTest

/// `apiary batch` killed with SIGKILL at random moments, resumed each time:
/// the final results hold exactly the tickets of an uninterrupted run, each
/// once, in input order, with the same answers — also with a ticket too long
/// for the context (shortened) and one that fails in the file.
final class KillResumeTests: XCTestCase {

    func testKilledAndResumedJobEqualsAnUninterruptedRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let swarm = ExampleTickets.fastSwarm
        let input = try ExampleTickets.write(count: 58, extra: [
            ExampleTickets.long(id: "LONG-1", characters: 30_000), ExampleTickets.failing(id: "FAIL-1"), "EMPTY-1,,,billing,eval",
        ], in: dir)

        let started = Date()
        let reference = try runApiary(["batch", swarm, input, "--out", dir.appendingPathComponent("reference.jsonl").path,
                                       "--db", dir.appendingPathComponent("reference.db").path, "--job", "ref", "--quiet", "--batch", "4"], in: dir)
        XCTAssertEqual(reference.status, 0, reference.error)
        // Kill instants scale with the job: each run does at most a quarter of it
        // before being killed, so at least three kills land before it is done.
        let duration = Date().timeIntervalSince(started)
        let expected = try results(dir.appendingPathComponent("reference.jsonl"))
        XCTAssertEqual(expected.count, 61, "60 tickets and one rejected row")
        XCTAssertEqual(expected["FAIL-1"], "failed")

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
        XCTAssertEqual(try positions(URL(fileURLWithPath: out)), Array(1...expected.count), "in input order")
        XCTAssertEqual(Set(actual.keys), Set(expected.keys))
        for (id, answer) in expected { XCTAssertEqual(actual[id], answer, "ticket \(id)") }

        // Facts commit with their results: one per answered ticket despite the kills, tokens as in the result lines.
        for (database, job, file) in [(dir.appendingPathComponent("reference.db").path, "ref", "reference.jsonl"), (db, "k", "killed.jsonl")] {
            let store = try BatchJobStore(database: Database(path: database, access: .readOnly))
            let facts = try store.ticketFacts(job: job)
            let answered = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
                .map { try RecordJSON.decode(ResultRecord.self, from: String($0)) }
                .filter { $0.verdict != .rejected }
            XCTAssertEqual(facts.count, answered.count, job)
            XCTAssertEqual(Set(facts.map(\.ticket)).count, facts.count, "\(job): a ticket's facts recorded twice")
            let tokens = answered.reduce(0) { $0 + $1.tokensIn + $1.tokensOut }
            XCTAssertEqual(Set(facts.map(\.ticket)), Set(answered.compactMap(\.id)), job)
            for record in answered {
                let fact = facts.first { $0.ticket == record.id }
                XCTAssertEqual(fact?.verdict, record.verdict.rawValue, "\(job) \(record.id ?? "")")
                XCTAssertEqual(fact?.seconds, record.seconds, "\(job) \(record.id ?? ""): the latency of its record")
            }
            let sums = try XCTUnwrap(store.jobFacts()[job])
            XCTAssertEqual(sums.tokensIn + sums.tokensOut, tokens, job)
            XCTAssertEqual(facts.reduce(0) { $0 + $1.tokensIn + $1.tokensOut }, tokens, job)
            XCTAssertGreaterThan(sums.usage.cpuSeconds, 0, job)
            XCTAssertEqual(sums.models["specialist"].map { !$0.isEmpty }, true, job)
        }
    }

    /// Ctrl-C stops after the tickets in flight (exit 130, job interrupted); a second Ctrl-C
    /// exits at once. Resuming after either gives every ticket exactly once.
    func testInterruptStopsAfterTheTicketsInFlightAndASecondExitsAtOnce() throws {
        let dir = try TemporaryDirectory()
        let input = try ExampleTickets.write(count: 40, extra: [ExampleTickets.failing(id: "FAIL-1")], in: dir.url)
        for (name, signals) in [("once", 1), ("twice", 2)] {
            let out = dir.url.appendingPathComponent("\(name).jsonl").path
            let db = dir.url.appendingPathComponent("\(name).db").path
            let child = try ChildProcess(try apiaryExecutable(), ["batch", ExampleTickets.fastSwarm, input, "--out", out, "--db", db,
                                                                  "--job", name, "--quiet", "--batch", "4"], directory: dir.url)
            // Wait for the first results, then interrupt.
            let deadline = Date().addingTimeInterval(120)
            while child.process.isRunning, Date() < deadline,
                  ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").isEmpty {
                Thread.sleep(forTimeInterval: 0.05)
            }
            guard child.process.isRunning else { return XCTFail("the job finished before it could be interrupted") }
            for _ in 0..<signals {
                kill(child.process.processIdentifier, SIGINT)
                Thread.sleep(forTimeInterval: 0.05)
            }
            let stopped = child.wait()
            XCTAssertEqual(stopped.status, 130, "\(name): \(stopped.error)")
            let written = try results(URL(fileURLWithPath: out)).count
            XCTAssertLessThan(written, 41, name)

            let resumed = try runApiary(["batch", "--resume", name, "--db", db, "--quiet"], in: dir.url)
            XCTAssertEqual(resumed.status, 0, resumed.error)
            let all = try results(URL(fileURLWithPath: out))
            XCTAssertEqual(all.count, 41, "\(name): every ticket exactly once")
            XCTAssertEqual(all["FAIL-1"], "failed")
            XCTAssertEqual(try positions(URL(fileURLWithPath: out)), Array(1...41), name)
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

    /// The `position` of every result line, in file order.
    private func positions(_ url: URL) throws -> [Int] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap((JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["position"] as? Int)
        }
    }
}
