import Foundation
import XCTest
@testable import Swarm

/// The audit prompt comes from the swarm: its description, the domain and the rubric.
final class AuditPromptTests: XCTestCase {
    private func prompt() throws -> AuditPrompt {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let spec = try SwarmSpecLoader.load(path: root.appendingPathComponent("Tests/BatchTests/Fixtures/audit-swarm.toml").path)
        return AuditPrompt(swarm: spec, auditor: try XCTUnwrap(spec.auditor))
    }

    func testSystemTextNamesTheSwarmTheDomainAndTheRubric() throws {
        let system = try prompt().system(domain: "warranty")
        XCTAssertTrue(system.contains("Warranty desk of a garden-tool maker"), system)
        XCTAssertTrue(system.contains("warranty (broken tools still under the two-year warranty)"), system)
        XCTAssertTrue(system.contains("asks for the proof of purchase"), system)
        XCTAssertFalse(system.lowercased().contains("customer-support"), system)
    }

    func testWithoutADomainThePromptSaysNoneAndAsksTheMethodsQuestion() throws {
        let prompt = try prompt()
        XCTAssertFalse(prompt.system(domain: nil).contains("domain"))
        let user = prompt.user(request: "It broke.", answer: "We replace it.")
        XCTAssertTrue(user.hasPrefix("Request:\nIt broke.\n\nProposed answer:\nWe replace it."), user)
        XCTAssertTrue(user.hasSuffix("Reply yes or no."), user)
    }
}
