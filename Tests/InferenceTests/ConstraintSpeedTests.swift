import Foundation
import XCTest
@testable import Inference

/// Per-token mask time on SmolLM2's 49k and Gemma 3's 262k vocabularies, in
/// the states a JSON answer goes through. Release builds only (timings of a
/// debug build mean nothing); the masks are also checked against trying every token.
final class ConstraintSpeedTests: XCTestCase {
    func testMaskTimePerTokenOnRealVocabularies() throws {
        #if DEBUG
        throw XCTSkip("mask timings are measured in release: swift test -c release -Xswiftc -enable-testing --filter InferenceTests.Constraint")
        #else
        let schema = try JSONSchema(json: JSONSchemaMatcherTests.ticket)
        let states = [
            ("start", ""),
            ("key", "{\"category\":\"billing\", "),
            ("in string", "{\"category\":\"billing\",\"summary\":\"Card charged tw"),
            ("after value", "{\"category\":\"billing\",\"urgent\":true"),
        ]
        for name in [TestPaths.smolLM2, TestPaths.gemma3] {
            let tokenizer = try Tokenizer(metadata: GGUFFile(contentsOf: try TestPaths.model(name)).metadata)
            let buildStart = Date()
            _ = VocabularyIndex.shared(for: tokenizer)
            let buildSeconds = Date().timeIntervalSince(buildStart)
            var report = "\(name): vocabulary \(tokenizer.vocabularySize), index built in \(Int(buildSeconds * 1000)) ms; mask per token:"
            for (label, prefix) in states {
                var constraint = JSONSchemaConstraint(schema: schema, tokenizer: tokenizer)
                for token in tokenizer.encode(prefix, addSpecial: false, parseSpecial: false) { try constraint.accept(token) }
                var logits = [Float](repeating: 0, count: tokenizer.vocabularySize)
                let rounds = 20
                let start = Date()
                for _ in 0 ..< rounds {
                    var copy = constraint
                    copy.mask(&logits)
                }
                let milliseconds = Date().timeIntervalSince(start) * 1000 / Double(rounds)
                let allowed = logits.indices.filter { logits[$0] == 0 }
                report += String(format: " %@ %.2f ms (%d allowed);", label, milliseconds, allowed.count)
                // The same mask as feeding every token to its own matcher.
                var matcher = JSONSchemaMatcher(schema: schema)
                XCTAssertTrue(matcher.feed(prefix.utf8))
                let expected = (0 ..< Int32(tokenizer.vocabularySize)).filter { id in
                    if tokenizer.isEndOfGeneration(id) { return matcher.isComplete }
                    let piece = tokenizer.pieceBytes(id, special: false)
                    var copy = matcher
                    return !piece.isEmpty && copy.feed(piece)
                }
                XCTAssertEqual(allowed.map(Int32.init), expected, "\(name) \(label)")
            }
            print(report)
        }
        #endif
    }

    /// Time per generated token with and without a JSON constraint (greedy, same prompt).
    func testConstraintOverheadPerGeneratedToken() throws {
        #if DEBUG
        throw XCTSkip("generation timings are measured in release: swift test -c release -Xswiftc -enable-testing --filter InferenceTests.Constraint")
        #else
        let model = try LanguageModel(path: try TestPaths.model(TestPaths.smolLM2))
        let tokenizer = model.tokenizer
        let schema = try JSONSchema(json: JSONSchemaMatcherTests.ticket)
        let prompt = model.tokenize(prompt: try model.renderChat([ChatMessage(role: "user", content: "Describe a billing problem as JSON.")]))
        func millisecondsPerToken(_ options: GenerationOptions) throws -> (Double, Int) {
            let result = try TextGenerator(model: model).generate(prompt: prompt, options: options)
            return (result.generationSeconds * 1000 / Double(max(result.ids.count, 1)), result.ids.count)
        }
        _ = VocabularyIndex.shared(for: tokenizer)
        let (free, freeCount) = try millisecondsPerToken(GenerationOptions(maxTokens: 48))
        let (constrained, constrainedCount) = try millisecondsPerToken(GenerationOptions(maxTokens: 48) { JSONSchemaConstraint(schema: schema, tokenizer: tokenizer) })
        XCTAssertGreaterThan(constrainedCount, 0)
        print(String(format: "SmolLM2 greedy: %.2f ms/token free (%d tokens), %.2f ms/token with the JSON constraint (%d tokens)",
                     free, freeCount, constrained, constrainedCount))
        #endif
    }
}
