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
}
