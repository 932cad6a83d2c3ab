import ApiaryTestSupport
import Batch
import Foundation
import Store
import XCTest

/// `apiary batch --shard K/N` and `apiary batch merge` as a user runs them: three shards of one
/// export, one killed with SIGKILL mid-shard and started again with the same command; the merge
/// holds every record of the export exactly once, in input order, and queues each flagged
/// result once. Merging tampered stores (a ticket missing, one duplicated) names both and
/// writes nothing.
final class ShardedBatchTests: XCTestCase {
    private func shardCommand(_ input: String, _ k: Int, in dir: URL) -> [String] {
        ["batch", ExampleTickets.fastSwarm, input, "--shard", "\(k)/3", "--out", dir.appendingPathComponent("shard-\(k).jsonl").path,
         "--db", dir.appendingPathComponent("shard-\(k).db").path, "--quiet", "--batch", "4"]
    }

    private func lines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    private func record(_ line: String) throws -> ResultRecord {
        try RecordJSON.decode(ResultRecord.self, from: line)
    }

    func testThreeShardsOneKilledAndRerunMergeToEveryTicketOnce() throws {
        let dir = try TemporaryDirectory()
        let input = try ExampleTickets.write(count: 90, extra: [ExampleTickets.failing(id: "FAIL-1"), "EMPTY-1,,,billing,eval"], in: dir.url)
        let records = 92
        let killed = 1
        var timings: [String] = []

        // The killed shard: SIGKILL once results are being written, then the same command again.
        let killedOut = dir.url.appendingPathComponent("shard-\(killed).jsonl")
        var started = Date()
        let child = try ChildProcess(try apiaryExecutable(), shardCommand(input, killed, in: dir.url), directory: dir.url)
        let deadline = Date().addingTimeInterval(120)
        while child.process.isRunning, Date() < deadline, ((try? lines(killedOut)) ?? []).count < 2 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        guard child.process.isRunning else { return XCTFail("shard \(killed) finished before it could be killed: \(child.wait().error)") }
        child.killHard()
        let linesAtKill = try lines(killedOut).count
        let store = try BatchJobStore(database: Database(path: dir.url.appendingPathComponent("shard-\(killed).db").path, access: .readOnly))
        let interrupted = try XCTUnwrap(store.jobs().first)
        XCTAssertNotEqual(interrupted.status, .finished)
        XCTAssertGreaterThan(interrupted.pending, 0, "killed mid-shard")
        let resumed = try runApiary(shardCommand(input, killed, in: dir.url), in: dir.url)
        XCTAssertEqual(resumed.status, 0, resumed.error)
        timings.append(String(format: "shard %d (killed after %d lines, rerun): %.1f s", killed, linesAtKill, Date().timeIntervalSince(started)))

        for k in [0, 2] {
            started = Date()
            let run = try runApiary(shardCommand(input, k, in: dir.url), in: dir.url)
            XCTAssertEqual(run.status, 0, run.error)
            timings.append(String(format: "shard %d: %.1f s", k, Date().timeIntervalSince(started)))
        }
        // A requeued task that finds its shard done changes nothing.
        let before = try lines(dir.url.appendingPathComponent("shard-0.jsonl"))
        let again = try runApiary(shardCommand(input, 0, in: dir.url), in: dir.url)
        XCTAssertEqual(again.status, 0, again.error)
        XCTAssertEqual(try lines(dir.url.appendingPathComponent("shard-0.jsonl")), before)
        print(timings.joined(separator: "; "))

        // Every shard took some of the tickets; together they are the input.
        let shardLines = try (0..<3).map { try lines(dir.url.appendingPathComponent("shard-\($0).jsonl")) }
        XCTAssertTrue(shardLines.allSatisfy { !$0.isEmpty }, "\(shardLines.map(\.count))")
        XCTAssertEqual(shardLines.map(\.count).reduce(0, +), records)

        let stores = (0..<3).map { dir.url.appendingPathComponent("shard-\($0).db").path }
        let jobs = try runApiary(["jobs", "--json"] + stores, in: dir.url)
        XCTAssertEqual(jobs.status, 0, jobs.error)
        let whole = try XCTUnwrap(jobs.output.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.first { $0["type"] as? String == "shards" })
        XCTAssertEqual(whole["finished"] as? Int, 3)
        XCTAssertEqual(whole["done"] as? Int, records)
        XCTAssertEqual(whole["records"] as? Int, records)
        XCTAssertEqual(whole["missing"] as? [Int], [])

        let merged = dir.url.appendingPathComponent("merged.jsonl")
        let queueDB = dir.url.appendingPathComponent("apiary.db").path
        let merge = try runApiary(["batch", "merge", "--out", merged.path, "--queue-db", queueDB] + stores.reversed(), in: dir.url)
        XCTAssertEqual(merge.status, 0, merge.error)
        let mergedLines = try lines(merged)
        let results = try mergedLines.map(record)
        XCTAssertEqual(results.map(\.position), Array(1...records).map { Optional($0) }, "every record once, in input order")
        let ids = results.compactMap(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "no ticket twice")
        let inputIDs = try TicketReader(path: input).compactMap { item -> String? in
            switch item {
            case .ticket(let ticket): return ticket.id
            case .rejected(let rejection): return rejection.id
            case .failed(let error): XCTFail("\(error)"); return nil
            }
        }
        XCTAssertEqual(inputIDs.count, records)
        XCTAssertEqual(ids, inputIDs, "the input's tickets, in its order")
        XCTAssertEqual(results.first { $0.id == "FAIL-1" }?.verdict, .failed)
        XCTAssertEqual(results.filter { $0.verdict == .rejected }.count, 1)
        // The merge is the shards' own results, nothing added, lost or changed.
        XCTAssertEqual(mergedLines.sorted(), shardLines.flatMap { $0 }.sorted())

        let queued = results.filter { $0.verdict == .flagged || $0.verdict == .failed }
        XCTAssertGreaterThan(queued.count, 0)
        let queue = try ReviewQueue(path: queueDB, access: .readOnly)
        XCTAssertEqual(try queue.items().map(\.source.ticket).sorted(), queued.compactMap(\.id).sorted())
        // Merging again (a requeued merge job) writes the same file and queues nothing twice.
        let second = try runApiary(["batch", "merge", "--out", merged.path, "--queue-db", queueDB] + stores, in: dir.url)
        XCTAssertEqual(second.status, 0, second.error)
        XCTAssertEqual(try lines(merged), mergedLines)
        XCTAssertEqual(try queue.items().count, queued.count)
    }

    func testAMergeWithAMissingAndADuplicatedTicketNamesBothAndWritesNothing() throws {
        let dir = try TemporaryDirectory()
        let input = try ExampleTickets.write(count: 12, extra: [], in: dir.url)
        for k in 0..<3 {
            let run = try runApiary(shardCommand(input, k, in: dir.url), in: dir.url)
            XCTAssertEqual(run.status, 0, run.error)
        }
        let stores = (0..<3).map { dir.url.appendingPathComponent("shard-\($0).db").path }
        let jobs = try stores.map { try XCTUnwrap(BatchJobStore(path: $0, access: .readWrite).jobs().first) }
        // Shard 0 loses its first ticket; shard 2 gains a copy of shard 1's first.
        let zero = try Database(path: stores[0], access: .readWrite)
        let lost = try XCTUnwrap(zero.queryOne("SELECT ticket, position FROM batch_items ORDER BY position LIMIT 1"))
        let lostTicket: String = try lost.get("ticket")
        let lostPosition: Int = try lost.get("position")
        try zero.execute("DELETE FROM batch_items WHERE ticket = ?", lostTicket)
        try zero.execute("UPDATE batch_jobs SET total = total - 1")
        let two = try Database(path: stores[2], access: .readWrite)
        try two.execute("ATTACH DATABASE ? AS one", stores[1])
        let copied = try XCTUnwrap(two.queryOne("SELECT ticket, position FROM one.batch_items ORDER BY position LIMIT 1"))
        let copiedTicket: String = try copied.get("ticket")
        let copiedPosition: Int = try copied.get("position")
        try two.execute("""
            INSERT INTO batch_items (job_id, ticket, line, state, result, verdict, position, updated_at)
            SELECT ?, ticket, line, state, result, verdict, position, updated_at FROM one.batch_items WHERE ticket = ?
            """, jobs[2].id, copiedTicket)

        let merged = dir.url.appendingPathComponent("merged.jsonl")
        let queueDB = dir.url.appendingPathComponent("apiary.db")
        let merge = try runApiary(["batch", "merge", "--out", merged.path, "--queue-db", queueDB.path] + stores, in: dir.url)
        XCTAssertEqual(merge.status, 1, merge.error)
        XCTAssertTrue(merge.error.contains("2 input records are not in exactly one shard"), merge.error)
        XCTAssertTrue(merge.error.contains("ticket '\(lostTicket)' at input position \(lostPosition) is in no shard"), merge.error)
        XCTAssertTrue(merge.error.contains("ticket '\(copiedTicket)' at input position \(copiedPosition) is in shard 1/3 (\(stores[1])"), merge.error)
        XCTAssertTrue(merge.error.contains("and shard 2/3 (\(stores[2])"), merge.error)
        XCTAssertFalse(FileManager.default.fileExists(atPath: merged.path), "no results file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: queueDB.path), "no review database")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains("merg") }, [], "no partial file")

        // Without shard 2 the merge names the missing shard instead, and still writes nothing.
        let partial = try runApiary(["batch", "merge", "--out", merged.path, "--queue-db", queueDB.path, stores[0], stores[1]], in: dir.url)
        XCTAssertEqual(partial.status, 75, "a shard that may yet come: try again later")
        XCTAssertTrue(partial.error.contains("missing shard 2/3"), partial.error)
        XCTAssertFalse(FileManager.default.fileExists(atPath: merged.path))
    }
}

/// `apiary jobs` over shard stores an older version wrote (before shards existed): they are
/// brought up to date and listed, not refused.
final class JobsCommandShardTests: XCTestCase {
    func testJobsReadsAStoreFromBeforeShards() throws {
        let dir = try TemporaryDirectory()
        let path = dir.url.appendingPathComponent("old.db").path
        let store = try BatchJobStore(path: path)
        _ = try store.createJob(id: "old", swarm: "s.toml", input: "in.csv", inputBytes: 1, output: "o.jsonl", options: "{}")
        // Undo the shard migration, as a database of the previous version is.
        try store.database.executeScript("""
            DROP INDEX batch_items_by_input_position;
            ALTER TABLE batch_jobs DROP COLUMN shard_index;
            ALTER TABLE batch_jobs DROP COLUMN shard_count;
            ALTER TABLE batch_jobs DROP COLUMN input_records;
            ALTER TABLE batch_jobs DROP COLUMN input_fingerprint;
            DELETE FROM apiary_migrations WHERE name = 'batch-jobs-3-shards';
            """)
        let listed = try runApiary(["jobs", "--json", path], in: dir.url)
        XCTAssertEqual(listed.status, 0, listed.error)
        XCTAssertTrue(listed.output.contains("\"id\":\"old\""), listed.output)
        XCTAssertTrue(listed.output.contains("\"shard\":null"), listed.output)
    }
}
