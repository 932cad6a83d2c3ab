import Foundation
import XCTest
@testable import Swarm

/// The `llm` router's prompt comes from the swarm, not a fixed "customer requests" framing.
final class LabelScoringStrategyTests: XCTestCase {
    private func swarm() throws -> SwarmSpec {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try SwarmSpecLoader.load(path: root.appendingPathComponent("Tests/BatchTests/Fixtures/audit-swarm.toml").path)
    }

    func testInstructionsNameTheSwarmsPurposeEveryDomainAndOther() throws {
        let text = LabelScoringStrategy.instructions(for: try swarm())
        XCTAssertTrue(text.hasPrefix("Requests arrive for: Warranty desk of a garden-tool maker: repairs and replacements.\n"), text)
        XCTAssertTrue(text.contains("- warranty: broken tools still under the two-year warranty\n"), text)
        XCTAssertTrue(text.contains("- parts: spare blades, batteries and chargers\n"), text)
        XCTAssertTrue(text.contains("- other: anything that fits none"), text)
        XCTAssertFalse(text.lowercased().contains("customer"), text)
    }

    func testInstructionsShowAFewOfEachDomainsExamplesOnOneLineEach() throws {
        let long = String(repeating: "blade ", count: 60)
        let examples = [LabelledExample(text: "my hedge trimmer\nstopped", domain: "warranty"),
                        LabelledExample(text: "w2", domain: "warranty"), LabelledExample(text: "w3", domain: "warranty"),
                        LabelledExample(text: "w4", domain: "warranty"), LabelledExample(text: long, domain: "parts")]
        let text = LabelScoringStrategy.instructions(for: try swarm(), examples: examples)
        XCTAssertTrue(text.contains("- warranty: broken tools still under the two-year warranty\n  e.g. \"my hedge trimmer stopped\"\n  e.g. \"w2\"\n  e.g. \"w3\"\n- "), text)
        XCTAssertFalse(text.contains("w4"), "at most \(LabelScoringStrategy.examplesPerDomain) per domain")
        XCTAssertTrue(text.contains("  e.g. \"\(long.prefix(LabelScoringStrategy.exampleLength))…\"\n"), text)
    }
}
