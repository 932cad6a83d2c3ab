import XCTest
@testable import Inference

/// Token ids of tricky strings on the demo models, against llama.cpp
/// (Fixtures/reference, made by scripts/make-reference.py: no special tokens
/// added or parsed), and the prompts' ids with special tokens parsed.
final class TokenizerReferenceTests: XCTestCase {
    func testSmolLM2TokenizesLikeLlamaCpp() throws {
        try compare(model: TestPaths.smolLM2, fixture: "smollm2")
    }

    func testGemma3TokenizesLikeLlamaCpp() throws {
        try compare(model: TestPaths.gemma3, fixture: "gemma3")
    }

    /// Both Qwen files carry the same tokenizer; the 0.5B's is checked (loading only metadata is cheap either way).
    func testQwen25TokenizesLikeLlamaCpp() throws {
        try compare(model: TestPaths.qwen05, fixture: "qwen05")
    }

    private func compare(model name: String, fixture fixtureName: String) throws {
        let fixture = try ReferenceFixture.load(fixtureName)
        let file = try GGUFFile(contentsOf: try TestPaths.model(name))
        let tokenizer = try Tokenizer(metadata: file.metadata)
        for case_ in fixture.tokenize {
            XCTAssertEqual(tokenizer.encode(case_.text, addSpecial: false, parseSpecial: false), case_.ids, "\(fixtureName): \(case_.text.debugDescription)")
        }
        for prompt in fixture.prompts {
            var ids = tokenizer.encode(prompt.text, addSpecial: false, parseSpecial: true)
            if fixture.add_bos, let bos = tokenizer.bos { ids.insert(bos, at: 0) }
            XCTAssertEqual(ids, prompt.tokens, "\(fixtureName): prompt \(prompt.text.debugDescription)")
        }
    }
}
