import XCTest
@testable import Inference

final class SpeculativeAcceptanceTests: XCTestCase {
    private func distribution(_ weights: [Int32: Float]) -> TokenDistribution {
        TokenDistribution(candidates: weights.sorted { $0.key < $1.key }.map { .init(id: $0.key, value: $0.value) }, greedy: false)
    }

    /// Propose from q, keep or replace by the rule: the emitted token is distributed as p.
    /// With 200 000 draws the empirical frequencies are within 0.006 of p (≈ 4.5 σ).
    func testEmittedTokensFollowTheTargetDistribution() {
        let p = distribution([0: 0.5, 1: 0.3, 2: 0.2])
        let q = distribution([0: 0.1, 1: 0.6, 3: 0.3])  // token 3 is impossible under p
        var rng = SeededGenerator(seed: 42)
        func uniform() -> Float { Float(Double(rng.next() >> 11) / Double(1 << 53)) }
        var counts: [Int32: Int] = [:]
        let draws = 200_000
        for _ in 0..<draws {
            let proposal = q.draw(uniform())
            switch SpeculativeAcceptance.verify(proposal, draft: q, target: p, uniform: uniform) {
            case .accepted: counts[proposal, default: 0] += 1
            case .replaced(let token): counts[token, default: 0] += 1
            }
        }
        XCTAssertNil(counts[3], "a token the target excludes is never emitted")
        for (token, expected) in [(Int32(0), 0.5), (1, 0.3), (2, 0.2)] {
            XCTAssertEqual(Double(counts[token, default: 0]) / Double(draws), expected, accuracy: 0.006, "token \(token)")
        }
    }

    /// Weights that do not sum to 1 (after top-p) are normalised on both sides.
    func testAcceptanceUsesNormalisedProbabilities() {
        let p = distribution([0: 0.4, 1: 0.4])      // 0.5 each
        let q = distribution([0: 0.25, 1: 0.75])    // 0.25, 0.75
        XCTAssertEqual(SpeculativeAcceptance.verify(0, draft: q, target: p, uniform: { 0.99 }), .accepted, "p ≥ q keeps it")
        XCTAssertEqual(SpeculativeAcceptance.verify(1, draft: q, target: p, uniform: { 0.6 }), .accepted, "0.6 < 0.5 / 0.75")
        XCTAssertEqual(SpeculativeAcceptance.verify(1, draft: q, target: p, uniform: { 0.7 }), .replaced(by: 0),
                       "0.7 ≥ 2/3: the residual holds token 0 alone")
    }

    func testGreedyKeepsTheArgmaxAndReplacesAnythingElseWithIt() {
        let p = TokenDistribution(greedy: 5), agreeing = TokenDistribution(greedy: 5), other = TokenDistribution(greedy: 9)
        XCTAssertEqual(SpeculativeAcceptance.verify(5, draft: agreeing, target: p, uniform: { XCTFail("no draw"); return 0 }), .accepted)
        XCTAssertEqual(SpeculativeAcceptance.verify(9, draft: other, target: p, uniform: { XCTFail("no draw"); return 0 }), .replaced(by: 5))
    }
}
