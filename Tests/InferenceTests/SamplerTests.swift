import XCTest
@testable import Inference

final class SamplerTests: XCTestCase {
    let logits: [Float] = [1.0, 3.0, 2.5, -1.0, 0.5]

    func testGreedyTakesTheArgmax() {
        var sampler = Sampler(.greedy)
        XCTAssertEqual(sampler.sample(logits, history: []), 1)
    }

    func testTopKOfOneIsGreedyAtAnyTemperature() {
        var sampler = Sampler(SamplingParameters(temperature: 5, topK: 1, seed: 3))
        for _ in 0..<20 { XCTAssertEqual(sampler.sample(logits, history: []), 1) }
    }

    func testRepetitionPenaltyDemotesSeenTokens() {
        var sampler = Sampler(SamplingParameters(repetitionPenalty: 2))
        // 3.0 / 2 = 1.5 < 2.5: token 2 wins once token 1 was seen.
        XCTAssertEqual(sampler.sample(logits, history: [1]), 2)
    }

    func testTopPKeepsTheSmallestNucleus() {
        // Token 1 holds ~0.55 of the mass; with top-p 0.5 it is the only candidate.
        var sampler = Sampler(SamplingParameters(temperature: 1, topP: 0.5, seed: 11))
        for _ in 0..<20 { XCTAssertEqual(sampler.sample(logits, history: []), 1) }
    }

    func testMinPDropsUnlikelyTokens() {
        var sampler = Sampler(SamplingParameters(temperature: 1, minP: 0.5, seed: 5))
        var seen = Set<Int32>()
        for _ in 0..<200 { seen.insert(sampler.sample(logits, history: [])) }
        // p(2)/p(1) = e^-0.5 ≈ 0.61 ≥ 0.5 survives; p(0)/p(1) = e^-2 does not.
        XCTAssertEqual(seen, [1, 2])
    }

    func testSamplingFollowsTheDistribution() {
        var sampler = Sampler(SamplingParameters(temperature: 1, seed: 42))
        var counts = [Int](repeating: 0, count: logits.count)
        let draws = 20_000
        for _ in 0..<draws { counts[Int(sampler.sample(logits, history: []))] += 1 }
        let exps = logits.map { expf($0) }
        let total = exps.reduce(0, +)
        for i in logits.indices {
            XCTAssertEqual(Double(counts[i]) / Double(draws), Double(exps[i] / total), accuracy: 0.015, "token \(i)")
        }
    }
}
