import Foundation
import XCTest
@testable import Inference

/// The architectures with no real file here — Qwen 3, Phi-3 (fused QKV and
/// gate|up, LongRoPE short and long), Llama 3.1 RoPE factors with linear
/// scaling, Mistral's sliding window — on tiny synthetic GGUFs with their
/// exact tensor names and metadata (models/synthetic, rebuilt from a seed by
/// scripts/make-synthetic-models.py; Fixtures/synthetic holds llama.cpp's
/// logits and the files' sha256).
///
/// Tolerance, as for the real models: 1.5 × how much the reference disagrees
/// with itself on that model (llama.cpp's two attention paths; for Mistral's
/// window, the NumPy reference against llama.cpp with no window). Every logit
/// of the small vocabulary is compared, not only the top ten.
final class SyntheticArchitectureTests: XCTestCase {
    func testQwen3MatchesLlamaCpp() throws { try compare("qwen3") }

    /// Both context lengths: 128 ≤ the original 256 uses the short factors, 512 the long.
    func testPhi3FusedProjectionsAndLongRopeMatchLlamaCpp() throws { try compare("phi3") }

    func testLlama3RopeFactorsAndLinearScalingMatchLlamaCpp() throws { try compare("llama3") }

    func testMistralSlidingWindowMatchesReference() throws {
        let fixture = try SyntheticFixture.load("mistral")
        try compare("mistral")
        // The window must matter on the longest prompt, or the test could not fail.
        let transformer = try Transformer(file: GGUFFile(contentsOf: fixture.modelPath))
        XCTAssertEqual(transformer.parameters.slidingWindow, 16)
        let longest = try XCTUnwrap(fixture.cases.max { $0.tokens.count < $1.tokens.count })
        let unwindowed = try XCTUnwrap(fixture.unwindowed_logits)
        let moved = zip(longest.logits, unwindowed).map { abs($0 - $1) }.max() ?? 0
        XCTAssertGreaterThan(moved, 20 * fixture.tolerance, "the window should change the logits of a 61-token prompt")
    }

    func testPhi3SplitsFusedTensorsWithoutCopying() throws {
        let fixture = try SyntheticFixture.load("phi3")
        let transformer = try Transformer(file: GGUFFile(contentsOf: fixture.modelPath))
        let layer = transformer.weights.layers[0]
        XCTAssertEqual(layer.query.matrix.data, layer.value.matrix.data, "Q and V are rows of one attn_qkv")
        XCTAssertEqual([layer.query.range, layer.key.range, layer.value.range], [0..<64, 64..<96, 96..<128])
        XCTAssertEqual(layer.gate.matrix.data, layer.up.matrix.data, "gate and up are rows of one ffn_up")
        XCTAssertEqual([layer.gate.range, layer.up.range], [0..<128, 128..<256])
        XCTAssertEqual(transformer.parameters.ropeScaling.attentionFactor, 1.19, accuracy: 1e-6)
    }

    func testRefusesRopeScalingItDoesNotImplement() throws {
        let path = SyntheticFixture.models.appendingPathComponent("refused-yarn.gguf").path
        XCTAssertThrowsError(try Transformer(file: GGUFFile(contentsOf: path))) { error in
            XCTAssertEqual("\(error)", "metadata key 'qwen2.rope.scaling.type': RoPE scaling 'yarn' is not supported (supported: none, linear, longrope)")
        }
    }

    func testRefusesTensorsTheArchitectureDoesNotUse() throws {
        let path = SyntheticFixture.models.appendingPathComponent("refused-extra-tensor.gguf").path
        XCTAssertThrowsError(try Transformer(file: GGUFFile(contentsOf: path))) { error in
            XCTAssertTrue("\(error)".hasPrefix("tensor 'blk.0.attn_sinks.weight' is not part of a qwen2 model"), "\(error)")
        }
    }

    /// Each architecture loads with its tokenizer and generates (the CLI's `apiary generate` path).
    func testEverySyntheticModelGenerates() throws {
        for name in ["qwen3", "phi3", "llama3", "mistral"] {
            let model = try LanguageModel(path: SyntheticFixture.models.appendingPathComponent("\(name).gguf").path)
            let prompt = model.tokenize(prompt: "bees")
            XCTAssertEqual(prompt.count, 4, "\(name): one byte token per letter")
            let output = try TextGenerator(model: model).generate(prompt: prompt, options: GenerationOptions(maxTokens: 8))
            XCTAssertTrue((1...8).contains(output.ids.count), "\(name): \(output.ids)")
        }
    }

    private func compare(_ name: String) throws {
        let fixture = try SyntheticFixture.load(name)
        let transformer = try Transformer(file: GGUFFile(contentsOf: fixture.modelPath))
        let tolerance = fixture.tolerance
        for (index, reference) in fixture.cases.enumerated() {
            let label = "\(name) case \(index) (\(reference.tokens.count) tokens, context \(reference.context))"
            let cache = transformer.makeCache(capacity: reference.context)
            let logits = try transformer.forward(reference.tokens, cache: cache)
            XCTAssertEqual(logits.count, reference.logits.count)
            let worst = zip(logits, reference.logits).map { abs(Double($0) - $1) }.max() ?? .infinity
            XCTAssertLessThanOrEqual(worst, tolerance, "\(label): largest logit difference")

            let agreeing = try GreedyAgreement.steps(transformer, cache: cache, logits: logits, reference: reference.greedy)
            if agreeing < reference.greedy.count {
                XCTAssertLessThanOrEqual(reference.greedy_margins[agreeing], tolerance,
                                         "\(label): greedy parts from the reference at step \(agreeing), where it was decisive")
            }
            print("\(label): worst logit difference \(String(format: "%.4f", worst)) (tolerance \(String(format: "%.4f", tolerance))), greedy agrees \(agreeing)/\(reference.greedy.count)")
        }
    }
}

/// A fixture of scripts/make-synthetic-models.py.
private struct SyntheticFixture: Decodable {
    struct Case: Decodable {
        let context: Int
        let tokens: [Int32]
        /// Every logit after the prompt.
        let logits: [Double]
        let greedy: [Int32]
        let greedy_margins: [Double]
        let alt_logits: [Double]
    }

    let model: String
    let cases: [Case]
    /// Mistral: the NumPy reference's largest difference from llama.cpp with no window.
    let numpy_vs_llama_cpp: Double?
    /// Mistral: the longest prompt's logits without the window (NumPy).
    let unwindowed_logits: [Double]?

    var modelPath: String { Self.models.appendingPathComponent(model).path }

    /// 1.5 × the reference's disagreement with itself (or, for the NumPy
    /// reference, with llama.cpp).
    var tolerance: Double {
        let selfDisagreement = cases.map { zip($0.alt_logits, $0.logits).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
        return 1.5 * max(selfDisagreement, numpy_vs_llama_cpp ?? 0)
    }

    static let directory = TestPaths.fixtures.appendingPathComponent("synthetic")
    /// The GGUFs themselves: generated at setup (`make test` runs the script), not committed.
    static let models = TestPaths.models.appendingPathComponent("synthetic")

    static func load(_ name: String) throws -> SyntheticFixture {
        try JSONDecoder().decode(SyntheticFixture.self, from: Data(contentsOf: directory.appendingPathComponent("\(name).json")))
    }
}
