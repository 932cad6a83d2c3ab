import XCTest
@testable import Inference

/// Several sequences in one forward pass, and caches forked from a shared
/// prefix, give exactly what one sequence at a time gives: activations are
/// quantized per row, so batching changes no arithmetic.
final class TransformerBatchTests: XCTestCase {
    func testBatchedSequencesMatchOneAtATime() throws {
        let transformer = try Transformer(file: GGUFFile(contentsOf: try TestPaths.model(TestPaths.smolLM2)))
        let prompts: [[Int32]] = [[504, 3575, 282, 4649, 314], [1, 2, 3], [9000, 12, 7, 7, 7, 400, 31]]
        var alone: [[Float]] = []
        for prompt in prompts {
            let cache = transformer.makeCache(capacity: 16)
            _ = try transformer.forward(Array(prompt.dropLast()), cache: cache, logits: .none)
            alone.append(try transformer.forward([prompt.last!], cache: cache))
        }
        let caches = prompts.map { _ in transformer.makeCache(capacity: 16) }
        // Prompts of different lengths in one pass, then one decode step for all.
        _ = try transformer.forward(zip(caches, prompts).map { .init(cache: $0, tokens: Array($1.dropLast()), logits: .none) })
        let together = try transformer.forward(zip(caches, prompts).map { .init(cache: $0, tokens: [$1.last!]) })
        for i in prompts.indices {
            XCTAssertEqual(together[i], alone[i], "sequence \(i)")
        }
    }

    /// A batch with more rows than one pass holds is cut into passes — a
    /// sequence may straddle two — with the same logits as running each
    /// sequence alone, for `.all`, `.last` and `.none` requests.
    func testBatchesLargerThanOnePassMatchOneAtATime() throws {
        let transformer = try Transformer(file: GGUFFile(contentsOf: try TestPaths.model(TestPaths.smolLM2)))
        let perPass = Transformer.rowsPerPass
        let lengths = [perPass / 2 + 3, perPass / 2 + 5, 9, perPass + 1]   // pieces in three passes
        let requests: [Transformer.Logits] = [.all, .last, .none, .last]
        let prompts = lengths.enumerated().map { s, n in (0..<n).map { Int32(100 + (s * 7919 + $0 * 31) % 40_000) } }
        var alone: [[Float]] = []
        for (prompt, logits) in zip(prompts, requests) {
            alone.append(try transformer.forward(prompt, cache: transformer.makeCache(capacity: prompt.count), logits: logits))
        }
        let caches = prompts.map { transformer.makeCache(capacity: $0.count) }
        let together = try transformer.forward(zip(zip(caches, prompts), requests).map { .init(cache: $0.0, tokens: $0.1, logits: $1) })
        let vocabulary = transformer.parameters.vocabularySize
        for i in prompts.indices {
            XCTAssertEqual(caches[i].count, prompts[i].count, "sequence \(i) advanced by all its tokens")
            XCTAssertEqual(together[i].count, alone[i].count, "sequence \(i) logits")
            XCTAssertTrue(together[i] == alone[i], "sequence \(i) differs from running it alone")
        }
        XCTAssertEqual(together.map { $0.count / vocabulary }, [lengths[0], 1, 0, 1])
    }

    func testForkedCacheReusesTheSharedPrefix() throws {
        let transformer = try Transformer(file: GGUFFile(contentsOf: try TestPaths.model(TestPaths.smolLM2)))
        let system: [Int32] = [1, 9690, 198, 2683, 359, 253, 5356]
        let questions: [[Int32]] = [[504, 3575, 282], [4649, 314]]
        let prefix = transformer.makeCache(capacity: system.count)
        _ = try transformer.forward(system, cache: prefix, logits: .none)
        for question in questions {
            let whole = transformer.makeCache(capacity: 32)
            let expected = try transformer.forward(system + question, cache: whole)
            let fork = KVCache(sharing: prefix, capacity: 32)
            XCTAssertEqual(fork.count, system.count)
            let forked = try transformer.forward(question, cache: fork)
            // Prompt rows are batched differently (system+question vs question), which
            // changes no per-row arithmetic either.
            XCTAssertEqual(forked, expected)
        }
        XCTAssertTrue(prefix.isFrozen)
        XCTAssertThrowsError(try transformer.forward([5], cache: prefix))
    }

    func testRejectsTokensOutsideTheVocabularyAndAFullContext() throws {
        let transformer = try Transformer(file: GGUFFile(contentsOf: try TestPaths.model(TestPaths.smolLM2)))
        let cache = transformer.makeCache(capacity: 2)
        XCTAssertThrowsError(try transformer.forward([49152], cache: cache))
        XCTAssertThrowsError(try transformer.forward([-1], cache: cache))
        XCTAssertThrowsError(try transformer.forward([1, 2, 3], cache: cache))
        XCTAssertEqual(cache.count, 0)
    }
}
