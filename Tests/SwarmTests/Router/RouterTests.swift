import XCTest
@testable import Swarm

final class RouterTests: XCTestCase {
    struct Fixed: RoutingStrategy {
        let name: String
        let result: [String: Double]
        func scores(for text: String) -> [String: Double] { result }
    }

    func spec(_ outOfScope: RouterSpec.OutOfScope = .review) -> RouterSpec {
        RouterSpec(strategies: [], minConfidence: 0.6, minMargin: 0.2, outOfScope: outOfScope, strategyConfidence: ["rules": 0.9])
    }

    func testFirstConfidentStrategyDecidesAndLaterOnesDoNotRun() throws {
        let router = Router(spec: spec(), strategies: [
            Fixed(name: "rules", result: ["billing": 0.8, "shipping": 0.2]),      // below the rules override 0.9
            Fixed(name: "classifier", result: ["billing": 0.7, "shipping": 0.3]), // confident, margin 0.4
            Fixed(name: "llm", result: ["shipping": 1]),
        ], domains: ["billing", "shipping"])
        let route = try router.route("x")
        XCTAssertEqual(route.domain, "billing")
        XCTAssertEqual(route.strategy, "classifier")
        XCTAssertEqual(route.strategies.map(\.strategy), ["rules", "classifier"])
        XCTAssertEqual(try router.route("x", all: true).strategies.count, 3)
    }

    func testSmallMarginDoesNotDecide() throws {
        let router = Router(spec: spec(), strategies: [Fixed(name: "classifier", result: ["billing": 0.61, "shipping": 0.45])],
                            domains: ["billing", "shipping"])
        let route = try router.route("x")
        XCTAssertNil(route.domain)
        XCTAssertEqual(route.action, .review)
        XCTAssertEqual(route.strategy, "none")
    }

    func testOutOfScopeDecisionAndHandling() throws {
        let strategies = [Fixed(name: "classifier", result: ["billing": 0.05, Route.outOfScopeLabel: 0.95])]
        let refuse = try Router(spec: spec(.refuse(message: "no")), strategies: strategies, domains: ["billing"]).route("x")
        XCTAssertEqual(refuse.action, .refuse)
        XCTAssertNil(refuse.domain)
        XCTAssertEqual(refuse.strategy, "classifier")
        let fallback = try Router(spec: spec(.fallback(domain: "billing")), strategies: strategies, domains: ["billing"]).route("x")
        XCTAssertEqual(fallback.domain, "billing")
        XCTAssertEqual(fallback.action, .answer)
    }

    func testAbstainingStrategyPassesOn() throws {
        let router = Router(spec: spec(), strategies: [Fixed(name: "rules", result: [:]), Fixed(name: "llm", result: ["shipping": 0.9, "billing": 0.1])],
                            domains: ["billing", "shipping"])
        let route = try router.route("x")
        XCTAssertEqual(route.domain, "shipping")
        XCTAssertEqual(route.strategies.first?.decided, false)
    }
}

extension RouterTests {
    struct Evidence: RoutingStrategy {
        let name = "embedding"
        let similarity: Double
        func scores(for text: String) -> [String: Double] { ["billing": 0.99, "shipping": 0.01] }
        func evaluate(_ text: String) throws -> StrategyEvaluation {
            StrategyEvaluation(scores: scores(for: text), similarity: similarity)
        }
    }

    func testMinSimilarityMakesAFarRequestOutOfScopeBeforeAnyStrategyDecides() throws {
        var spec = spec()
        spec.minSimilarity = 0.5
        let confident = Fixed(name: "classifier", result: ["shipping": 0.95, "billing": 0.05])
        let far = try Router(spec: spec, strategies: [confident, Evidence(similarity: 0.49)], domains: ["billing", "shipping"]).route("x")
        XCTAssertNil(far.domain)
        XCTAssertEqual(far.strategy, "embedding")
        // The classifier, confident as it is, never had to run.
        XCTAssertEqual(far.strategies.map(\.strategy), ["embedding"])
        XCTAssertEqual(far.strategies.map(\.decided), [true])
        XCTAssertEqual(far.strategies.first?.similarity, 0.49)
        XCTAssertEqual(far.confidence, 0.51, accuracy: 1e-9)
        // Evidence below 0 still gives a probability.
        let negative = try Router(spec: spec, strategies: [Evidence(similarity: -0.2)], domains: ["billing", "shipping"]).route("x")
        XCTAssertEqual(negative.confidence, 1)
        XCTAssertEqual(try Router(spec: spec, strategies: [confident, Evidence(similarity: 0.49)], domains: ["billing", "shipping"])
            .route("x", all: true).strategies.map(\.strategy), ["classifier", "embedding"])
        // Near enough: the cascade runs in its order and the classifier decides.
        let near = try Router(spec: spec, strategies: [confident, Evidence(similarity: 0.5)], domains: ["billing", "shipping"]).route("x")
        XCTAssertEqual(near.domain, "shipping")
        XCTAssertEqual(near.strategy, "classifier")
        // Without the cut-off the similarity is evidence only.
        let off = try Router(spec: self.spec(), strategies: [Evidence(similarity: 0.1)], domains: ["billing", "shipping"]).route("x")
        XCTAssertEqual(off.domain, "billing")
    }

    func testConfidentSimilarityLeavesTheDoubtfulBandToTheNextStrategy() throws {
        var spec = spec()
        spec.minSimilarity = 0.5
        spec.confidentSimilarity = 0.7
        let judge = Fixed(name: "llm", result: ["shipping": 0.9, "billing": 0.1])
        func route(_ similarity: Double) throws -> Route {
            try Router(spec: spec, strategies: [Evidence(similarity: similarity), judge], domains: ["billing", "shipping"]).route("x")
        }
        // Near: the embedding decides and the llm is never asked.
        let near = try route(0.7)
        XCTAssertEqual([near.domain, near.strategy], ["billing", "embedding"])
        XCTAssertEqual(near.strategies.map(\.strategy), ["embedding"])
        // In the band: the embedding passes, the llm decides.
        let doubtful = try route(0.6)
        XCTAssertEqual([doubtful.domain, doubtful.strategy], ["shipping", "llm"])
        XCTAssertEqual(doubtful.strategies.map(\.decided), [false, true])
        // Far: out of scope before anyone decides.
        XCTAssertNil(try route(0.4).domain)
    }
}
