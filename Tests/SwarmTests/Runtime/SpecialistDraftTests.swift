import Foundation
import XCTest
@testable import Swarm

/// A specialist's `draft` model: the answer is the specialist's own, and the trace says
/// how many proposals were kept.
final class SpecialistDraftTests: XCTestCase {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models")

    private func runtime(draft: String?) throws -> SwarmRuntime {
        let text = """
        [models]
        smol = { path = "\(Self.models.appendingPathComponent("SmolLM2-135M-Instruct.Q4_1.gguf").path)" }
        byte = { path = "\(Self.models.appendingPathComponent("synthetic/llama3.gguf").path)" }

        [router]
        strategies = ["classifier"]

        [[domains]]
        name = "shipping"
        examples = ["where is my parcel", "my order has not arrived"]

        [[domains]]
        name = "billing"
        examples = ["refund my payment", "I was charged twice"]

        [specialists.billing]
        model = "smol"

        [specialists.shipping]
        model = "smol"
        system = "You answer questions about parcels in one sentence."
        max_tokens = 24
        \(draft.map { "draft = \"\($0)\"" } ?? "")
        """
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-draft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("swarm.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try SwarmRuntime(spec: try SwarmSpecLoader.load(path: path))
    }

    func testAnAgreeingDraftLeavesTheAnswerAsItIsAndIsReported() throws {
        let request = "Where is my parcel? It has been two weeks."
        let plain = try XCTUnwrap(try runtime(draft: nil).specialist(forDomain: "shipping")).answer(request)
        let drafted = try XCTUnwrap(try runtime(draft: "smol").specialist(forDomain: "shipping")).answer(request)
        XCTAssertEqual(drafted.text, plain.text)
        XCTAssertEqual(drafted.answerTokens, plain.answerTokens)
        XCTAssertGreaterThan(drafted.draftedTokens, 0)
        XCTAssertEqual(drafted.acceptedDraftTokens, drafted.draftedTokens, "the model drafting for itself is always right")
        XCTAssertTrue(drafted.notes.contains("draft: \(drafted.draftedTokens) of \(drafted.draftedTokens) proposed tokens kept"), "\(drafted.notes)")
        XCTAssertFalse(plain.notes.contains { $0.hasPrefix("draft:") })
    }

    func testADraftWithAnotherVocabularyFailsTheLoadNamingTheKey() throws {
        XCTAssertThrowsError(try runtime(draft: "byte")) { error in
            XCTAssertTrue("\(error)".hasPrefix("specialists.shipping.draft: draft model"), "\(error)")
            XCTAssertTrue("\(error)".contains("vocabulary differs"), "\(error)")
        }
    }
}
