import Foundation

/// A fixture written by scripts/make-reference.py from llama.cpp.
struct ReferenceFixture: Decodable {
    struct Tokenization: Decodable {
        let text: String
        let ids: [Int32]
    }

    struct Prompt: Decodable {
        let kind: String
        let text: String
        let tokens: [Int32]
        /// (token id, logit) pairs, best first.
        let top_logits: [[Double]]
        let greedy: [Int32]
        /// The reference's top-1 minus top-2 logit at each greedy step.
        let greedy_margins: [Double]
        /// llama.cpp's flash-attention path: logits at the ids of `top_logits`, and its continuation.
        let alt_logits: [Double]
        let alt_greedy: [Int32]
    }

    let model: String
    let add_bos: Bool
    let tokenize: [Tokenization]
    let prompts: [Prompt]

    static func load(_ name: String) throws -> ReferenceFixture {
        let url = TestPaths.fixtures.appendingPathComponent("reference/\(name).json")
        return try JSONDecoder().decode(ReferenceFixture.self, from: Data(contentsOf: url))
    }
}
