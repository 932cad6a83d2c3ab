import Foundation
import ApiaryTestSupport
import XCTest
@testable import Store

/// Reviewer processes killed with SIGKILL at random moments while claiming and deciding.
final class CrashDuringDecisionsTests: XCTestCase {
    /// A shell loop that claims an item and approves it, over and over, each step its own `apiary` process.
    private func startWorker(_ index: Int, db: String, in directory: URL) throws -> ChildProcess {
        try ChildProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", """
            while :; do
                id=$("$0" queue claim --json --db "$1" --reviewer "$2" --lease 1 | sed -n 's/.*"id":\\([0-9]*\\).*/\\1/p')
                [ -n "$id" ] || break
                "$0" queue approve "$id" --db "$1" --reviewer "$2" >/dev/null || true
            done
            """, try apiaryExecutable().path, db, "worker-\(index)"], directory: directory)
    }

    /// Kills the shell and the apiary process it is running, with no chance to clean up.
    private func killHard(_ worker: ChildProcess) {
        let pid = worker.process.processIdentifier
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        worker.killHard()
        for child in children.split(separator: " ").compactMap({ Int32($0) }) { kill(child, SIGKILL) }
    }

    /// Every decided item was decided exactly once and the log agrees with the items.
    private func checkInvariants(_ queue: ReviewQueue, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try queue.database.queryOne("PRAGMA integrity_check")?.get(at: 0, as: String.self), "ok",
                       file: file, line: line)
        for item in try queue.items() {
            let log = try queue.decisions(forItem: item.id)
            let decisions = log.filter(\.action.isDecision)
            XCTAssertLessThanOrEqual(decisions.count, 1, "item \(item.id) decided twice", file: file, line: line)
            XCTAssertEqual(decisions.isEmpty, !item.status.isDecided, "item \(item.id) and its log disagree", file: file, line: line)
            XCTAssertEqual(Int64(log.filter { $0.action == .claim }.count), item.generation,
                           "item \(item.id): one claim per generation", file: file, line: line)
            if let decision = decisions.first {
                XCTAssertEqual(decision.reviewer, item.decidedBy, file: file, line: line)
                XCTAssertEqual(decision.generation, item.generation, "decided under a stale lease", file: file, line: line)
            }
        }
    }

    func testKilledReviewersLoseNothingAndDecideNothingTwice() throws {
        let directory = try makeTemporaryDirectory(self)
        let db = directory.appendingPathComponent("apiary.db").path
        let queue = try ReviewQueue(path: db)
        let count = 30
        for ticket in 0..<count { try queue.enqueue(sampleItem(ticket: "T\(ticket)")) }

        var generator = SystemRandomNumberGenerator()
        for round in 0..<3 {
            let workers = try (0..<3).map { try startWorker(round * 3 + $0, db: db, in: directory) }
            Thread.sleep(forTimeInterval: Double.random(in: 0.2...0.5, using: &generator))
            workers.forEach(killHard)
            try checkInvariants(queue)
        }
        // Leases of the killed reviewers run out; a survivor finishes the queue.
        Thread.sleep(forTimeInterval: 1.1)
        let finisher = try startWorker(99, db: db, in: directory)
        let result = finisher.wait()
        XCTAssertEqual(result.status, 0, result.error)
        try checkInvariants(queue)
        let items = try queue.items()
        XCTAssertEqual(items.count, count, "items lost")
        XCTAssertEqual(items.filter { $0.status == .approved }.count, count, "not every item was decided: \(items.map(\.status))")
    }
}
