import Foundation
import XCTest
@testable import Inference

/// Every `tokenizer.ggml.pre` name llama.cpp knows, applied to one real byte-level
/// BPE vocabulary (Llama 3's), against llama.cpp's ids for the same texts
/// (Fixtures/pretokenizers.json, made by scripts/make-pretokenizer-fixtures.py).
/// This covers the names without a vocab test file of their own: Tekken, GPT-4o
/// and the aliases of each regex family.
final class PreTokenizerReferenceTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Group: Decodable {
            var names: [String]
            var plain: [[Int32]]?
            var special: [[Int32]]?
            var error: String?
        }
        var vocab: String
        var texts: [String]
        var groups: [Group]
    }

    /// Names llama.cpp accepts whose regexes Apiary does not implement yet: none of
    /// them belongs to an architecture Apiary runs. Loading one is a typed error.
    private let notImplemented: Set<String> = [
        "kimi-k2", "deepseek-v3", "hunyuan-dense", "hy_v4", "joyai-llm", "minicpm5", "spark2_5", "youtu",
        "jais-2", "sarvam-moe", "exaone-moe", "bailingmoe", "bailingmoe2", "llada-moe", "seed-coder", "ufakzeka", "grok-2",
        "poro-chat", "bloom", "gpt3-finnish", "viking", "chameleon", "granite-embed-multi-97m", "tiny_aya", "cohere2moe",
        "superbpe", "afmoe", "laguna",
    ]

    func testEveryImplementedPreTokenizerSplitsLikeLlamaCpp() throws {
        let data = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("pretokenizers.json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        let file = try GGUFFile(contentsOf: try TestPaths.model("vocab/" + fixture.vocab))
        XCTAssertGreaterThan(fixture.groups.flatMap(\.names).count, 80, "the fixture lists llama.cpp's names")

        // A name is tokenized in full (building a tokenizer over a 128k vocabulary costs a fraction
        // of a second) unless a name of its group with the same rules already was: the ids depend
        // only on those rules and the vocabulary.
        var refused: Set<String> = []
        var checked = 0
        for group in fixture.groups {
            guard let plain = group.plain, let special = group.special else { continue }  // llama.cpp refused it too
            var tokenized: [PreTokenizer] = []
            for name in group.names {
                let rules: PreTokenizer
                do { rules = try PreTokenizer(name: name) } catch { refused.insert(name); continue }
                checked += 1
                if tokenized.contains(where: { $0.hasSameRules(as: rules) }) { continue }
                tokenized.append(rules)
                var metadata = file.metadata
                metadata["tokenizer.ggml.pre"] = .string(name)
                let tokenizer = try Tokenizer(metadata: metadata)
                for (index, text) in fixture.texts.enumerated() {
                    XCTAssertEqual(tokenizer.encode(text, addSpecial: false, parseSpecial: false), plain[index],
                                   "\(name): \(text.debugDescription)")
                    XCTAssertEqual(tokenizer.encode(text, addSpecial: true, parseSpecial: false), special[index],
                                   "\(name), special tokens added: \(text.debugDescription)")
                }
            }
        }
        XCTAssertEqual(refused.subtracting(notImplemented).sorted(), [], "refused, though llama.cpp knows them")
        XCTAssertEqual(notImplemented.subtracting(refused).sorted(), [], "implemented or dropped since: update the list")
        XCTAssert(checked >= 55, "only \(checked) names checked")
        for name in ["tekken", "gpt-4o", "llama4", "qwen2", "qwen35", "llama-bpe", "deepseek-coder", "smollm", "gpt-2", "default"] {
            XCTAssertFalse(refused.contains(name), "\(name) must be implemented")
        }
    }
}
