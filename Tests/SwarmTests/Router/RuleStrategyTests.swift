import TOML
import XCTest
@testable import Swarm

final class RuleStrategyTests: XCTestCase {
    func domain(_ name: String, keywords: [String], patterns: [String] = []) -> DomainSpec {
        DomainSpec(name: name, description: "", specialist: name, examples: [], keywords: keywords, patterns: patterns,
                   position: TOMLPosition(file: nil, line: 1, column: 1, offset: 0))
    }

    func testWholeWordsAndPhrasesOnly() throws {
        let rules = try RuleStrategy(domains: [
            domain("billing", keywords: ["refund", "credit card"]),
            domain("shipping", keywords: ["parcel"]),
        ])
        XCTAssertEqual(rules.scores(for: "I want a REFUND now"), ["billing": 1])
        XCTAssertEqual(rules.scores(for: "refunding is not a word we match"), [:])
        XCTAssertEqual(rules.scores(for: "my credit card was used"), ["billing": 1])
        XCTAssertEqual(rules.scores(for: "my credit is fine, card too"), [:])
        XCTAssertEqual(rules.scores(for: "refund for the parcel"), ["billing": 0.5, "shipping": 0.5])
    }

    func testPatternsAreCaseInsensitiveRegularExpressions() throws {
        let rules = try RuleStrategy(domains: [domain("shipping", keywords: [], patterns: [#"\bwhere is my (order|parcel)\b"#]),
                                               domain("billing", keywords: ["invoice"])])
        XCTAssertEqual(rules.scores(for: "Where is my order?"), ["shipping": 1])
        XCTAssertEqual(rules.scores(for: "Where is my order? And the invoice?"), ["shipping": 0.5, "billing": 0.5])
    }
}
