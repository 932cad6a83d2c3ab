import Foundation
import XCTest
@testable import Swarm
import Inference

final class SwarmSpecLoaderTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private func write(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("swarm.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let minimal = """
    [models]
    m = { path = "model.gguf" }

    [[domains]]
    name = "billing"
    examples = ["refund please"]

    [[domains]]
    name = "shipping"
    examples = ["where is my parcel"]

    [specialists.billing]
    model = "m"

    [specialists.shipping]
    model = "m"
    """

    func testTheShippedSupportSwarmLoads() throws {
        let spec = try SwarmSpecLoader.load(path: Self.packageRoot.appendingPathComponent("swarms/support.toml").path)
        XCTAssertEqual(spec.domains.map(\.name), ["billing", "technical", "account", "shipping"])
        XCTAssertEqual(spec.router.strategies.map(\.name), ["rules", "classifier", "embedding", "llm"])
        XCTAssertEqual(spec.auditor?.method, .yesNo)
        XCTAssertTrue(spec.policyPath?.hasSuffix("policies/default.toml") ?? false)
        XCTAssertTrue(spec.model(named: "qwen15")?.path.hasSuffix("models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf") ?? false)
        XCTAssertEqual(Set(spec.specialists.map(\.model)), ["qwen15"], "answers come from the 1.5B (bench/quality)")
        XCTAssertEqual(spec.auditor?.model, "qwen15")
        XCTAssertTrue(spec.router.strategies.contains { if case .llm(model: "qwen05") = $0 { true } else { false } })
    }

    /// The triage swarm's specialists fill a schema: each schema is one the constrained decoder
    /// reads, and each few-shot answer is a value it would accept (a model copies their shape).
    func testTheShippedTriageSwarmLoadsWithSchemasItsExamplesSatisfy() throws {
        let spec = try SwarmSpecLoader.load(path: Self.packageRoot.appendingPathComponent("swarms/triage.toml").path)
        XCTAssertEqual(spec.domains.map(\.name), ["bug", "feature", "question"])
        XCTAssertEqual(spec.specialists.count, 3)
        for specialist in spec.specialists {
            let schema = try JSONSchema(json: try XCTUnwrap(specialist.schemaJSON, "\(specialist.name) has no schema"))
            XCTAssertFalse(specialist.examples.isEmpty, specialist.name)
            for example in specialist.examples {
                XCTAssertTrue(JSONSchemaMatcher.accepts(example.assistant, schema: schema), "\(specialist.name): \(example.assistant)")
            }
        }
    }

    func testASwarmFilesOwnCostsAreReadAndOverrideItsPolicys() throws {
        let spec = try SwarmSpecLoader.load(path: try write(Self.minimal + "\n\n[costs]\nwatts = 35\ncurrency = \"EUR\"\n"))
        XCTAssertEqual(spec.costs, PolicySpec.CostRules(watts: 35, currency: "EUR"))
        let policy = PolicySpec.CostRules(inputPerMillion: 2, watts: 90, currency: "USD")
        XCTAssertEqual(spec.costs.overriding(policy), PolicySpec.CostRules(inputPerMillion: 2, watts: 35, currency: "EUR"))
        XCTAssertEqual(try SwarmSpecLoader.load(path: try write(Self.minimal)).costs, PolicySpec.CostRules())
    }

    func testABadCostInASwarmFileIsReportedWithItsPosition() throws {
        let path = try write(Self.minimal + "\n\n[costs]\nhardware = -1\n")
        XCTAssertThrowsError(try SwarmSpecLoader.load(path: path)) { error in
            XCTAssertTrue("\(error)".contains("swarm.toml:19:12"), "\(error)")
            XCTAssertTrue("\(error)".contains("costs.hardware must be a number ≥ 0"), "\(error)")
        }
    }

    func testMinimalFileGetsDefaults() throws {
        let spec = try SwarmSpecLoader.load(path: try write(Self.minimal))
        XCTAssertEqual(spec.router.strategies, [.rules, .classifier])
        XCTAssertEqual(spec.router.minConfidence, 0.6)
        XCTAssertEqual(spec.router.outOfScope, .review)
        XCTAssertEqual(spec.specialists.first?.maxTokens, 256)
        XCTAssertEqual(spec.specialists.first?.repeatPenalty, 1, "no penalty unless asked")
        XCTAssertEqual(spec.domains[0].specialist, "billing")
        XCTAssertNil(spec.auditor)
    }

    func testEveryProblemIsReportedWithItsPosition() throws {
        let path = try write("""
        [models]
        m = { path = "model.gguf", kind = "vision" }

        [router]
        min_confidence = 1.5
        strategies = ["rules", "psychic"]
        min_confidance = 0.3

        [[domains]]
        name = "billing"
        specialist = "nobody"
        patterns = ["(unclosed"]

        [[domains]]
        name = "shipping"

        [specialists.shipping]
        model = "missing"
        repeat_penalty = 0.5
        """)
        let (_, diagnostics) = SwarmSpecLoader.check(path: path)
        let messages = diagnostics.map(\.description)
        func expect(_ fragment: String, line: Int, file: StaticString = #filePath, testLine: UInt = #line) {
            XCTAssertTrue(messages.contains { $0.contains(fragment) && $0.hasPrefix("\(path):\(line):") },
                          "no diagnostic at line \(line) containing '\(fragment)' in:\n\(messages.joined(separator: "\n"))",
                          file: file, line: testLine)
        }
        expect("must be 'generative' or 'embedding'", line: 2)
        expect("router.min_confidence must be between 0 and 1", line: 5)
        expect("unknown strategy 'psychic'", line: 6)
        expect("did you mean 'min_confidence'", line: 7)
        expect("names specialist 'nobody'", line: 9)
        expect("not a valid regular expression", line: 12)
        expect("model 'missing', which is not in [models]", line: 17)
        expect("specialists.shipping.repeat_penalty must be between 1 (off) and 5", line: 19)
        XCTAssertThrowsError(try SwarmSpecLoader.load(path: path))
    }

    func testSyntaxErrorIsOneDiagnosticWithPosition() throws {
        let path = try write("name = \"x\"\n[models\n")
        let (spec, diagnostics) = SwarmSpecLoader.check(path: path)
        XCTAssertNil(spec)
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertTrue(diagnostics[0].description.hasPrefix("\(path):2:"), diagnostics[0].description)
    }

    func testSchemaAsInlineTableBecomesJSON() throws {
        let path = try write(Self.minimal + "\nschema = { type = \"object\", properties = { a = { type = \"string\" } }, required = [\"a\"] }\n")
        let spec = try SwarmSpecLoader.load(path: path)
        let schema = try XCTUnwrap(spec.specialist(named: "shipping")?.schemaJSON)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(schema.utf8)) as? [String: Any])
        XCTAssertEqual(object["type"] as? String, "object")
        XCTAssertEqual(object["required"] as? [String], ["a"])
    }

    func testSchemaThatCannotBeEnforcedIsAnError() throws {
        let path = try write(Self.minimal + "\nschema = { type = \"string\", pattern = \"^a+$\" }\nstop = [\"x\"]\n")
        let (_, diagnostics) = SwarmSpecLoader.check(path: path)
        let messages = diagnostics.map(\.description)
        XCTAssertTrue(messages.contains { $0.contains("cannot be enforced") && $0.contains("pattern") && $0.hasPrefix("\(path):17:") },
                      messages.joined(separator: "\n"))
        XCTAssertTrue(messages.contains { $0.contains("stop strings cannot be combined with a schema") }, messages.joined(separator: "\n"))
    }

    func testADraftModelIsReadWithItsTokenCount() throws {
        let path = try write(Self.minimal + "\ndraft = \"m\"\ndraft_tokens = 6\n")
        let spec = try SwarmSpecLoader.load(path: path)
        XCTAssertEqual(spec.specialist(named: "shipping")?.draft, "m")
        XCTAssertEqual(spec.specialist(named: "shipping")?.draftTokens, 6)
        XCTAssertNil(spec.specialist(named: "billing")?.draft)
        XCTAssertEqual(spec.specialist(named: "billing")?.draftTokens, 4, "the default")
    }

    func testADraftThatNamesNoModelOrTokensWithoutADraftAreErrors() throws {
        let unknown = SwarmSpecLoader.check(path: try write(Self.minimal + "\ndraft = \"small\"\ndraft_tokens = 40\n")).1.map(\.description)
        XCTAssertTrue(unknown.contains { $0.contains("specialists.shipping.draft") && $0.contains("small") }, unknown.joined(separator: "\n"))
        XCTAssertTrue(unknown.contains { $0.contains("draft_tokens must be between 1 and 16") }, unknown.joined(separator: "\n"))
        let orphan = SwarmSpecLoader.check(path: try write(Self.minimal + "\ndraft_tokens = 3\n")).1.map(\.description)
        XCTAssertTrue(orphan.contains { $0.contains("draft_tokens needs a draft model") }, orphan.joined(separator: "\n"))
    }

    func testConfidentSimilarityIsReadAndNeedsTheEmbeddingStrategy() throws {
        let router = """
        [models]
        m = { path = "model.gguf" }
        e = { path = "encoder", kind = "embedding" }

        [router]
        strategies = ["embedding", "llm"]
        embedding_model = "e"
        llm_model = "m"
        min_similarity = 0.6
        confident_similarity = 0.75

        """
        let spec = try SwarmSpecLoader.load(path: try write(router + Self.minimal.replacingOccurrences(of: "[models]\nm = { path = \"model.gguf\" }\n", with: "")))
        XCTAssertEqual(spec.router.minSimilarity, 0.6)
        XCTAssertEqual(spec.router.confidentSimilarity, 0.75)
        let without = SwarmSpecLoader.check(path: try write(Self.minimal + "\n[router]\nconfident_similarity = 0.7\n")).1.map(\.description)
        XCTAssertTrue(without.contains { $0.contains("router.confident_similarity needs the 'embedding' strategy") }, without.joined(separator: "\n"))
        let outside = SwarmSpecLoader.check(path: try write(router.replacingOccurrences(of: "0.75", with: "1.5") + Self.minimal
            .replacingOccurrences(of: "[models]\nm = { path = \"model.gguf\" }\n", with: ""))).1.map(\.description)
        XCTAssertTrue(outside.contains { $0.contains("router.confident_similarity must be between 0 and 1") && $0.contains(":10:") }, outside.joined(separator: "\n"))
    }

    func testMissingFileIsADiagnostic() {
        let (spec, diagnostics) = SwarmSpecLoader.check(path: "/nonexistent/swarm.toml")
        XCTAssertNil(spec)
        XCTAssertTrue(diagnostics.first?.message.contains("cannot read") ?? false)
    }
}
