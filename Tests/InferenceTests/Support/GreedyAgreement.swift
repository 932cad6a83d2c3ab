@testable import Inference

/// How far a greedy continuation follows a reference's.
enum GreedyAgreement {
    /// Decodes greedily from `logits` (the prompt's last) through `cache`,
    /// one token per forward pass, while the tokens equal `reference`;
    /// returns how many leading tokens agree.
    static func steps(_ transformer: Transformer, cache: KVCache, logits first: [Float], reference: [Int32]) throws -> Int {
        var logits = first
        var agreeing = 0
        while agreeing < reference.count {
            guard Int32(Sampler.argmax(logits)) == reference[agreeing] else { break }
            agreeing += 1
            guard agreeing < reference.count else { break }
            logits = try transformer.forward([reference[agreeing - 1]], cache: cache)
        }
        return agreeing
    }
}
