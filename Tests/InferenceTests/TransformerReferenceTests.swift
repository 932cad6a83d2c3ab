import Foundation
import XCTest
@testable import Inference

/// The forward pass against llama.cpp's logits and greedy continuations
/// (Fixtures/reference, made by scripts/make-reference.py).
///
/// Tolerance: llama.cpp quantizes activations to 8 bits before every
/// quantized matmul (Q8_0/Q8_1/Q8_K) and evaluates GELU through an fp16
/// table, while this path dots dequantized weights with float activations.
/// Those differences move logits by a few hundredths; 0.35 absolute on
/// logits of magnitude ~10–30 is a bound that still catches any real defect
/// (a wrong RoPE pairing, norm or mask moves them by whole units).
final class TransformerReferenceTests: XCTestCase {
    static let logitTolerance = 0.35

    func testSmolLM2MatchesLlamaCpp() throws {
        try compare(model: TestPaths.smolLM2, fixture: "smollm2")
    }

    func testGemma3MatchesLlamaCpp() throws {
        try compare(model: TestPaths.gemma3, fixture: "gemma3")
    }

    private func compare(model name: String, fixture fixtureName: String) throws {
        let fixture = try ReferenceFixture.load(fixtureName)
        let transformer = try Transformer(file: GGUFFile(contentsOf: try TestPaths.model(name)))
        let vocab = transformer.parameters.vocabularySize
        for (index, prompt) in fixture.prompts.enumerated() {
            let label = "\(fixtureName) prompt \(index) (\(prompt.kind))"
            let cache = transformer.makeCache(capacity: prompt.tokens.count + prompt.greedy.count + 1)
            var logits = try transformer.forward(prompt.tokens, cache: cache)
            XCTAssertEqual(logits.count, vocab)

            let reference = prompt.top_logits
            var worst = 0.0
            for pair in reference {
                let difference = abs(Double(logits[Int(pair[0])]) - pair[1])
                worst = max(worst, difference)
            }
            XCTAssertLessThanOrEqual(worst, Self.logitTolerance, "\(label): largest top-10 logit difference")
            let margin = reference[0][1] - reference[1][1]
            if margin > 0.1 {
                XCTAssertEqual(argmax(logits), Int(reference[0][0]), "\(label): top-1 (reference margin \(margin))")
            }

            // Greedy continuation, token by token through the cache.
            var generated: [Int32] = []
            for _ in prompt.greedy.indices {
                let next = Int32(argmax(logits))
                generated.append(next)
                if generated.count == prompt.greedy.count { break }
                logits = try transformer.forward([next], cache: cache)
            }
            let agreeing = zip(generated, prompt.greedy).prefix { $0 == $1 }.count
            XCTAssertGreaterThanOrEqual(agreeing, min(32, prompt.greedy.count),
                                        "\(label): greedy agrees for \(agreeing) tokens\nours: \(generated)\nref:  \(prompt.greedy)")
            print("\(label): worst top-10 logit difference \(String(format: "%.4f", worst)), greedy agrees \(agreeing)/\(prompt.greedy.count)")
        }
    }

    private func argmax(_ values: [Float]) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }
}
