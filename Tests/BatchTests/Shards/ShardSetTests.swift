import Foundation
import Store
import XCTest
@testable import Batch

/// Which sets of stores `apiary batch merge` accepts, on stores written through the job store:
/// every refusal names the stores and shards at fault.
final class ShardSetTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    // XCTest keeps every test case object until the run ends: release the directory (and remove it) now.
    override func tearDown() {
        directory = nil
        super.tearDown()
    }

    /// A store holding shard `index`/`count` of an input with `records` records, `pending` of its own still to do.
    private func shardStore(_ name: String, index: Int, count: Int, digest: String = "fnv1a64:00000000000000aa", records: Int = 4,
                            pending: Int = 0) throws -> String {
        let path = directory.url.appendingPathComponent(name).path
        let store = try BatchJobStore(path: path)
        let job = "in-shard-\(index)-of-\(count)"
        _ = try store.createJob(id: job, swarm: "s.toml", input: "in.csv", inputBytes: 100, output: "\(name).jsonl", options: "{}",
                                shard: try BatchShard(index: index, count: count), inputFingerprint: digest)
        try store.setInputRecords(job, records)
        try store.register(job: job, tickets: [RegisteredTicket(ticket: "t\(index)", line: index + 2, position: index + 1)])
        if pending == 0 {
            try store.record(job: job, results: [TicketOutcome(ticket: "t\(index)", line: "{}", verdict: "accepted")])
            try store.setStatus(job, .finished)
        } else {
            try store.setStatus(job, .interrupted)
        }
        return path
    }

    private func refusal(_ paths: [String], file: StaticString = #filePath, line: UInt = #line) -> ShardMergeError? {
        do {
            _ = try ShardSet.complete(paths)
            XCTFail("accepted \(paths)", file: file, line: line)
        } catch let error as ShardMergeError {
            return error
        } catch {
            XCTFail("not a ShardMergeError: \(error)", file: file, line: line)
        }
        return nil
    }

    func testACompleteSetIsAccepted() throws {
        let paths = try (0..<3).map { try shardStore("s\($0).db", index: $0, count: 3) }
        let set = try ShardSet.complete(paths.reversed())
        XCTAssertEqual(set.shards.map(\.shard.index), [0, 1, 2], "sorted by index, whatever the order given")
        XCTAssertEqual(set.records, 4)
        XCTAssertEqual(set.done, 3)
    }

    func testAMissingShardIsNamed() throws {
        let paths = try [0, 2].map { try shardStore("s\($0).db", index: $0, count: 4) }
        XCTAssertEqual(refusal(paths), .missingShards([1, 3], count: 4, input: "in.csv"))
        XCTAssertEqual(refusal(paths)?.description, "in.csv: missing shards 1/4, 3/4 (give every shard's store)")
    }

    func testAShardGivenTwiceIsNamedWithBothStores() throws {
        let paths = [try shardStore("a.db", index: 0, count: 2), try shardStore("b.db", index: 0, count: 2), try shardStore("c.db", index: 1, count: 2)]
        guard case .duplicateShard(0, 2, let stores) = refusal(paths) else { return XCTFail("\(String(describing: refusal(paths)))") }
        XCTAssertEqual(stores.count, 2)
        XCTAssertTrue(stores[0].contains("a.db") && stores[1].contains("b.db"), "\(stores)")
    }

    func testShardsOfDifferentInputsOrShardCountsAreRefused() throws {
        let other = [try shardStore("a.db", index: 0, count: 2), try shardStore("b.db", index: 1, count: 2, digest: "fnv1a64:00000000000000bb")]
        guard case .differentInputs(let sets) = refusal(other) else { return XCTFail() }
        XCTAssertEqual(sets.count, 2)
        XCTAssertTrue(sets[1].contains("b.db") && sets[1].contains("fnv1a64:00000000000000bb"), "\(sets)")
        let counts = [try shardStore("c.db", index: 0, count: 2), try shardStore("d.db", index: 1, count: 3)]
        guard case .differentInputs = refusal(counts) else { return XCTFail() }
    }

    func testAnUnfinishedShardIsNamed() throws {
        let paths = [try shardStore("a.db", index: 0, count: 2), try shardStore("b.db", index: 1, count: 2, pending: 1)]
        guard case .unfinished(let shard, "interrupted", 1) = refusal(paths) else { return XCTFail("\(String(describing: refusal(paths)))") }
        XCTAssertTrue(shard.contains("shard 1/2") && shard.contains("b.db"), shard)
    }

    func testAStoreWithoutShardsIsRefused() throws {
        let plain = directory.url.appendingPathComponent("plain.db").path
        _ = try BatchJobStore(path: plain).createJob(id: "j", swarm: "s", input: "in.csv", inputBytes: 1, output: "o", options: "{}")
        XCTAssertEqual(refusal([try shardStore("a.db", index: 0, count: 1), plain]), .notAShardStore(path: plain))
        XCTAssertThrowsError(try ShardSet.complete([directory.url.appendingPathComponent("absent.db").path]))
    }
}
