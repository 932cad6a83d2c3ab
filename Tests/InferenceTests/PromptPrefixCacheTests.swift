import XCTest
@testable import Inference

/// A prefix kept between calls gives exactly what computing it again gives, and is
/// computed once: later batches fork it up to where they agree with it.
final class PromptPrefixCacheTests: XCTestCase {
    private func prompts(_ model: LanguageModel, _ questions: [String]) throws -> [[Int32]] {
        let system = "You are the shipping assistant of a store that sells beekeeping gear. Answer in one sentence."
        return try questions.map {
            model.tokenize(prompt: try model.renderChat([ChatMessage(role: "system", content: system),
                                                         ChatMessage(role: "user", content: $0)]))
        }
    }

    func testLaterBatchesReuseThePrefixAndAnswerExactlyAsWithout() throws {
        let model = try LanguageModel(path: try TestPaths.model(TestPaths.smolLM2))
        // The first batch is one prompt: its whole prompt is stored, and later batches
        // agree with it only up to the user's text.
        let batches = [try prompts(model, ["Where is my order?"]),
                       try prompts(model, ["My parcel arrived broken.", "Do you ship to Norway?"]),
                       try prompts(model, ["Can I change the address?", "Tracking has not moved.", "Hi"])]
        let options = GenerationOptions(maxTokens: 10)
        let store = PromptPrefixCache()
        for (n, batch) in batches.enumerated() {
            let cached = try BatchedGenerator(model: model, batchSize: 4, prefixes: store).generate(prompts: batch, options: options)
            let fresh = try BatchedGenerator(model: model, batchSize: 4).generate(prompts: batch, options: options)
            XCTAssertEqual(cached.map(\.ids), fresh.map(\.ids), "batch \(n)")
        }
        let counters = store.statistics
        XCTAssertEqual(counters.misses, 1, "computed once")
        XCTAssertEqual(counters.hits, 2)
        let systemTokens = BatchedGenerator.commonPrefixLength(batches[1])
        XCTAssertEqual(counters.reusedTokens, 2 * systemTokens, "each later batch forked the system prompt")
    }

    func testAuditStylePromptsScoreTheSameWithASharedPrefix() throws {
        let model = try LanguageModel(path: try TestPaths.model(TestPaths.smolLM2))
        let prompts = try prompts(model, ["Where is my order? Reply yes or no.", "Is the sky green? Reply yes or no."])
        let continuations = ["yes", "no", " xylophonic beekeeping"].map { model.tokenizer.encode($0, addSpecial: false, parseSpecial: false) }
        XCTAssertGreaterThan(continuations[2].count, 1, "a multi-token continuation forks a forked cache")
        let store = PromptPrefixCache()
        let scorer = ContinuationScorer(model: model, prefixes: store)
        for _ in 0..<2 {
            let together = try scorer.logProbabilities(prompts: prompts, continuations: continuations)
            for (i, prompt) in prompts.enumerated() {
                let alone = try ContinuationScorer(model: model).logProbabilities(prompt: prompt, continuations: continuations)
                XCTAssertEqual(together[i], alone, "prompt \(i)")
            }
        }
        XCTAssertEqual(store.statistics.misses, 1)
        XCTAssertEqual(store.statistics.hits, 1)
    }

    func testSharingFewerPositionsThanThePrefixHoldsIsExact() throws {
        let transformer = try Transformer(file: GGUFFile(contentsOf: try TestPaths.model(TestPaths.smolLM2)))
        let long: [Int32] = [1, 9690, 198, 2683, 359, 253, 5356, 504, 3575]
        let prefix = transformer.makeCache(capacity: long.count)
        _ = try transformer.forward(long, cache: prefix, logits: .none)
        let question: [Int32] = [4649, 314, 282]
        let expected = try transformer.forward(Array(long[..<5]) + question, cache: transformer.makeCache(capacity: 16))
        let fork = KVCache(sharing: prefix, positions: 5, capacity: 16)
        XCTAssertEqual(fork.count, 5)
        XCTAssertEqual(try transformer.forward(question, cache: fork), expected)
        // A fork of that fork reads through both prefixes.
        let nested = KVCache(sharing: fork, capacity: 16)
        let next = try transformer.forward([7], cache: nested)
        let whole = transformer.makeCache(capacity: 16)
        _ = try transformer.forward(Array(long[..<5]) + question, cache: whole, logits: .none)
        XCTAssertEqual(next, try transformer.forward([7], cache: whole))
    }
}
