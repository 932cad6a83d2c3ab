import Foundation
import XCTest
@testable import Swarm

/// The shipped support swarm on the real models, end to end.
final class PipelineTests: XCTestCase {
    nonisolated(unsafe) static var runtime: SwarmRuntime?

    private func supportSwarm() throws -> SwarmRuntime {
        if let runtime = Self.runtime { return runtime }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let spec = try SwarmSpecLoader.load(path: root.appendingPathComponent("swarms/support.toml").path)
        let runtime = try SwarmRuntime(spec: spec)
        Self.runtime = runtime
        return runtime
    }

    func testBillingRequestIsRedactedRoutedAnsweredAuditedAndReviewed() throws {
        let swarm = try supportSwarm()
        var streamed = ""
        let result = try swarm.run(SwarmRequest(id: "T-1", text: "Hi, I was charged twice for order 10452. Reach me at jane.doe@example.com. Please refund one payment.")) {
            streamed += $0
        }
        XCTAssertFalse(result.request.contains("jane.doe@example.com"), result.request)
        XCTAssertTrue(result.request.contains("[EMAIL]"), result.request)
        XCTAssertEqual(result.route?.domain, "billing")
        XCTAssertEqual(result.route?.strategy, "rules")
        XCTAssertEqual(result.specialist, "billing")
        let answer = try XCTUnwrap(result.answer)
        XCTAssertFalse(answer.isEmpty)
        XCTAssertEqual(streamed.trimmingCharacters(in: .whitespacesAndNewlines), answer)
        let score = try XCTUnwrap(result.audit?.score)
        XCTAssertTrue((0...1).contains(score))
        // The default policy always reviews billing.
        XCTAssertEqual(result.verdict.name, "flagged")
        XCTAssertTrue(result.verdict.reasons.contains { $0.message == "domain billing is always reviewed" })
        XCTAssertEqual(result.trace.map(\.step), ["policy.pre", "route", "specialist.billing", "auditor"])
        XCTAssertTrue(result.trace[0].notes.contains("redacted email"))
        XCTAssertGreaterThan(result.trace[2].tokensIn, 50)
        XCTAssertGreaterThan(result.trace[2].tokensOut, 0)
        XCTAssertEqual(result.domain, "billing")
        XCTAssertEqual(result.systemPrompt, swarm.spec.specialist(named: "billing")?.system)
    }

    func testOversizedRequestIsBlockedBeforeAnyModelRuns() throws {
        let swarm = try supportSwarm()
        let result = try swarm.run(SwarmRequest(id: "T-2", text: String(repeating: "refund ", count: 4000)))
        XCTAssertEqual(result.verdict.name, "blocked")
        XCTAssertNil(result.route)
        XCTAssertNil(result.answer)
        XCTAssertEqual(result.trace.map(\.step), ["policy.pre"])
    }

    func testEmptyRequestIsAnError() throws {
        XCTAssertThrowsError(try supportSwarm().run(SwarmRequest(id: "T-3", text: "  \n")))
    }
}
