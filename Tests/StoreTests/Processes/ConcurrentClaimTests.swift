import Foundation
import ApiaryTestSupport
import XCTest
@testable import Store

/// Several `apiary` processes claiming from one database file at the same time.
final class ConcurrentClaimTests: XCTestCase {
    func testEveryItemIsClaimedExactlyOnceAcrossProcesses() throws {
        let directory = try makeTemporaryDirectory(self)
        let db = directory.appendingPathComponent("apiary.db").path
        let queue = try ReviewQueue(path: db)
        let itemCount = 48
        for ticket in 0..<itemCount { try queue.enqueue(sampleItem(ticket: "T\(ticket)", priority: ticket % 3)) }
        let expected = Set(try queue.items().map(\.id))

        // Each worker is a shell loop starting one `apiary queue claim` process per item until the queue is empty
        // (exit status 3); any other failure stops the loop and shows up as lost items below.
        let apiary = try apiaryExecutable().path
        let workers = try (0..<4).map { worker in
            try ChildProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", """
                while :; do
                    "$0" queue claim --json --db "$1" --reviewer "$2" --lease 600
                    status=$?
                    [ $status -eq 0 ] || break
                done
                [ $status -eq 3 ] || echo "claim loop ended with status $status" >&2
                """, apiary, db, "worker-\(worker)"], directory: directory)
        }
        let results = workers.map { $0.wait() }

        var claimedBy: [Int64: [String]] = [:]
        for (worker, result) in results.enumerated() {
            XCTAssertEqual(result.error, "", "worker \(worker) reported problems")
            for line in result.output.split(separator: "\n") where line != "null" {
                let object = try JSONValue.parse(String(line))
                guard case .integer(let id)? = object["id"] else { XCTFail("no id in \(line)"); continue }
                claimedBy[id, default: []].append("worker-\(worker)")
            }
        }
        XCTAssertEqual(Set(claimedBy.keys), expected, "items lost or invented")
        XCTAssertEqual(claimedBy.values.filter { $0.count != 1 }.count, 0, "items claimed twice: \(claimedBy.filter { $0.value.count != 1 })")
        XCTAssertGreaterThan(Set(claimedBy.values.flatMap { $0 }).count, 1, "only one worker ever claimed; no concurrency tested")

        // The database agrees: each item claimed once, by the worker that printed it, at generation 1.
        for item in try queue.items() {
            XCTAssertEqual(item.status, .claimed)
            XCTAssertEqual(item.generation, 1)
            XCTAssertEqual([item.claimedBy ?? ""], claimedBy[item.id])
            XCTAssertEqual(try queue.decisions(forItem: item.id).map(\.action), [.claim])
        }
        XCTAssertEqual(try queue.database.queryOne("PRAGMA integrity_check")?.get(at: 0, as: String.self), "ok")
    }
}
