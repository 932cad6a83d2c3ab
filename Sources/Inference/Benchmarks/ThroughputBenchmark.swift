import Foundation

/// The measurements of `apiary bench`, made the way llama.cpp's side of
/// bench/compare-llamacpp makes them: prompt processing of `promptTokens`
/// random tokens, generation of `generatedTokens` tokens one at a time, and
/// batched generation of several sequences (128 prompt tokens each, then
/// `generatedTokens` decode steps advancing all of them in one pass).
public struct ThroughputBenchmark: Sendable {
    public var promptTokens = 512
    public var generatedTokens = 128
    public var batchSizes = [1, 4, 16]
    public var repeats = 3
    /// Prompt length of each sequence in the batched measurement.
    public var batchPromptTokens = 128

    public struct Result: Sendable {
        public var promptTokensPerSecond: Double
        public var generationTokensPerSecond: Double
        public var batched: [(batch: Int, tokensPerSecond: Double)]
        public var peakResidentBytes: Int
        /// Resident memory at the end, after the measurements (steady state).
        public var residentBytes: Int
        /// The largest KV cache held at once (all sequences of the biggest batch).
        public var largestCacheBytes: Int
    }

    /// The memory the issue allows the engine (issue 3): 1.1 × the model
    /// file, plus the KV cache, plus 64 MiB — weights resident once, and
    /// little else.
    public static func residentBudget(fileBytes: Int, cacheBytes: Int) -> Int {
        fileBytes + fileBytes / 10 + cacheBytes + 64 << 20
    }

    public init() {}

    /// Runs every measurement `repeats` times and keeps the best (the least
    /// disturbed by other work on the machine).
    public func run(_ transformer: Transformer, progress: (String) -> Void = { _ in }) throws -> Result {
        var generator = SeededGenerator(seed: 1)
        let vocabulary = transformer.parameters.vocabularySize
        func tokens(_ n: Int) -> [Int32] {
            (0..<n).map { _ in Int32(100 + Int(generator.next() % UInt64(max(1, vocabulary - 200)))) }
        }
        func best(_ measure: () throws -> Double) rethrows -> Double {
            var best = 0.0
            for _ in 0..<max(1, repeats) { best = max(best, try measure()) }
            return best
        }

        progress("prompt processing: \(promptTokens) tokens")
        let prompt = try best {
            let cache = transformer.makeCache(capacity: promptTokens)
            let input = tokens(promptTokens)
            let start = Date()
            for chunk in stride(from: 0, to: input.count, by: 512) {
                _ = try transformer.forward(Array(input[chunk..<min(chunk + 512, input.count)]), cache: cache)
            }
            return Double(promptTokens) / Date().timeIntervalSince(start)
        }

        progress("generation: \(generatedTokens) tokens")
        let generation = try best {
            let cache = transformer.makeCache(capacity: generatedTokens)
            let input = tokens(generatedTokens)
            let start = Date()
            for token in input { _ = try transformer.forward([token], cache: cache) }
            return Double(generatedTokens) / Date().timeIntervalSince(start)
        }

        var batched: [(Int, Double)] = []
        var largestCache = transformer.cacheByteCount(capacity: max(promptTokens, generatedTokens))
        for size in batchSizes {
            progress("batched generation: \(size) sequences")
            let rate = try best {
                let caches = (0..<size).map { _ in transformer.makeCache(capacity: batchPromptTokens + generatedTokens) }
                largestCache = max(largestCache, caches.reduce(0) { $0 + $1.byteCount })
                _ = try transformer.forward(caches.map { .init(cache: $0, tokens: tokens(batchPromptTokens)) })
                let start = Date()
                for _ in 0..<generatedTokens {
                    _ = try transformer.forward(caches.map { .init(cache: $0, tokens: tokens(1)) })
                }
                return Double(size * generatedTokens) / Date().timeIntervalSince(start)
            }
            batched.append((size, rate))
        }
        return Result(promptTokensPerSecond: prompt, generationTokensPerSecond: generation,
                      batched: batched, peakResidentBytes: Self.status("VmHWM:"), residentBytes: Self.status("VmRSS:"),
                      largestCacheBytes: largestCache)
    }

    /// A memory figure from /proc/self/status (`VmHWM:` peak, `VmRSS:` now), 0 where unavailable.
    static func status(_ key: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(key) {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1024
        }
        return 0
    }
}
