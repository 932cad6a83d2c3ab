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
