import Foundation

/// Prompt prefixes computed once and reused by every later batch that begins with
/// them: a specialist's system prompt and few-shot turns, an auditor's instructions
/// for one domain — for a whole job instead of once per batch.
///
/// A batch's prompts share a prefix (`BatchedGenerator.commonPrefixLength`). When a
/// stored prefix agrees with it for at least half its length, the batch forks the
/// stored cache up to where they agree (`KVCache(sharing:positions:capacity:)`, exact
/// because a position depends only on the tokens before it) and evaluates only the
/// rest; otherwise the batch's prefix is computed and stored, the oldest entry making
/// room. Memory: at most `capacity` frozen caches, each no longer than one prompt.
public final class PromptPrefixCache: @unchecked Sendable {
    // Guarded by `lock`; a stored cache is frozen, so forks read it from any thread.
    private let lock = NSLock()
    private var entries: [(tokens: [Int32], cache: KVCache)] = []
    private let capacity: Int
    private var counters = Counters()

    /// What reuse saved, for benchmarks and a job's summary.
    public struct Counters: Sendable, Equatable, Encodable {
        /// Batches that forked a stored prefix.
        public var hits = 0
        /// Batches that computed their prefix.
        public var misses = 0
        /// Prompt tokens not evaluated again thanks to a stored prefix.
        public var reusedTokens = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case hits, misses
            case reusedTokens = "reused_tokens"
        }

        /// Both caches' counts together.
        public static func + (a: Counters, b: Counters) -> Counters {
            var sum = a
            sum.hits += b.hits
            sum.misses += b.misses
            sum.reusedTokens += b.reusedTokens
            return sum
        }
    }

    public init(capacity: Int = 8) {
        self.capacity = max(1, capacity)
    }

    public var statistics: Counters {
        lock.withLock { counters }
    }

    /// A frozen cache holding `prompts`' common prefix, and its length: from `store` when
    /// given (computed and kept there on a miss), else computed now and not kept.
    static func sharedPrefix(of prompts: [[Int32]], transformer: Transformer,
                             store: PromptPrefixCache?) throws -> (cache: KVCache, length: Int) {
        let shared = BatchedGenerator.commonPrefixLength(prompts)
        if let store, let stored = try store.prefix(of: prompts[0], shared: shared, transformer: transformer) {
            return stored
        }
        return (try computed(Array(prompts[0][..<shared]), transformer: transformer), shared)
    }

    /// A cache holding `tokens` (room for one position when empty).
    private static func computed(_ tokens: [Int32], transformer: Transformer) throws -> KVCache {
        let cache = transformer.makeCache(capacity: max(tokens.count, 1))
        if !tokens.isEmpty { _ = try transformer.forward(tokens, cache: cache, logits: .none) }
        return cache
    }

    /// A frozen cache whose first `length` positions are `prompt[..<length]`, for
    /// prompts that share their first `shared` tokens with `prompt`; nil when
    /// `shared` is 0. Computes and stores the prefix on a miss.
    func prefix(of prompt: [Int32], shared: Int, transformer: Transformer) throws -> (cache: KVCache, length: Int)? {
        guard shared > 0 else { return nil }
        let wanted = prompt[..<shared]
        return try lock.withLock {
            var best: (index: Int, length: Int)?
            for (index, entry) in entries.enumerated() {
                let length = Self.agreement(entry.tokens, wanted)
                if length > (best?.length ?? 0) { best = (index, length) }
            }
            if let best, 2 * best.length >= shared {
                let entry = entries.remove(at: best.index)
                entries.append((Array(entry.tokens[..<best.length]), entry.cache))   // most recently used last
                counters.hits += 1
                counters.reusedTokens += best.length
                return (entry.cache, best.length)
            }
            let cache = try Self.computed(Array(wanted), transformer: transformer)
            if entries.count == capacity { entries.removeFirst() }
            entries.append((Array(wanted), cache))
            counters.misses += 1
            return (cache, shared)
        }
    }

    /// How many leading tokens `a` and `b` have in common.
    private static func agreement(_ a: [Int32], _ b: ArraySlice<Int32>) -> Int {
        var length = 0
        var j = b.startIndex
        while length < a.count && j < b.endIndex && a[length] == b[j] {
            length += 1
            j += 1
        }
        return length
    }
}
