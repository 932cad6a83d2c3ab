import Foundation
import XCTest
@testable import Inference

/// Throughput of the matrix kernels and of whole forward passes, printed for
/// the record. Skipped unless `APIARY_BENCH=1`; meaningful only in a release
/// build:
///
///     swift build -c release --build-tests -Xswiftc -enable-testing
///     APIARY_BENCH=1 swift test -c release -Xswiftc -enable-testing --skip-build --filter KernelThroughputTests
///
/// Each figure is the best of several runs (the machine is shared).
final class KernelThroughputTests: XCTestCase {
    override func setUpWithError() throws {
        guard ProcessInfo.processInfo.environment["APIARY_BENCH"] == "1" else {
            throw XCTSkip("set APIARY_BENCH=1 to run the benchmarks")
        }
    }

    /// matVec (one token: bound by reading the weights, so GB/s of the
    /// stored tensor) and matMul (128 tokens: bound by arithmetic, GMAC/s)
    /// per type and instruction set, on a 2048 × 2048 matrix.
    func testMatrixKernelThroughput() throws {
        let rows = 2048, columns = 2048
        var random = SeededFloats(seed: 1)
        let fixtures = try QuantFixture.all().filter { $0.name.hasPrefix("random-") }
        print("kernel throughput, \(rows) × \(columns), threads: \(ThreadPool.shared.threadCount)")
        for fixture in fixtures {
            let blocks = Self.matrix(from: fixture, rows: rows, columns: columns)
            for isa in InstructionSet.supported {
                blocks.withUnsafeBytes { w in
                    let matrix = WeightMatrix(type: fixture.type, data: w.baseAddress!, rows: rows, columns: columns, instructionSet: isa)
                    var line = "\(fixture.type)".padding(toLength: 5, withPad: " ", startingAt: 0) + " \(isa)".padding(toLength: 12, withPad: " ", startingAt: 0)
                    for tokens in [1, 128] {
                        let x = random.floats(tokens * columns)
                        var y = [Float](repeating: 0, count: tokens * rows)
                        let repeats = tokens == 1 ? 50 : 3
                        let seconds = Self.best(of: 3) {
                            for _ in 0..<repeats { matrix.multiply(x, tokens: tokens, into: &y) }
                        } / Double(repeats)
                        let macs = Double(rows * columns * tokens) / seconds / 1e9
                        if tokens == 1 {
                            line += String(format: "  matVec %7.1f GB/s %6.1f GMAC/s", Double(blocks.count) / seconds / 1e9, macs)
                        } else {
                            line += String(format: "  matMul(128) %7.1f GMAC/s", macs)
                        }
                    }
                    print(line)
                }
            }
        }
    }

    /// Prompt (512 tokens in one pass), generation (128 single-token steps)
    /// and batched generation (16 sequences × 128 prompt tokens, then 128
    /// steps advancing all 16 in one pass) on the demo models.
    func testForwardPassThroughput() throws {
        let models = ProcessInfo.processInfo.environment["APIARY_BENCH_MODEL"].map { [$0] } ?? [TestPaths.smolLM2, TestPaths.gemma3]
        for model in models {
            let transformer = try Transformer(file: GGUFFile(contentsOf: try TestPaths.model(model)))
            let prompt = (0..<512).map { Int32(100 + ($0 * 37) % 5000) }
            let promptSeconds = try Self.best(of: 3) {
                _ = try transformer.forward(prompt, cache: transformer.makeCache(capacity: 512), logits: .last)
            }
            let generationSeconds = try Self.best(of: 3) {
                let cache = transformer.makeCache(capacity: 129)
                _ = try transformer.forward([1], cache: cache)
                var token: Int32 = 1
                for i in 0..<128 {
                    _ = try transformer.forward([token], cache: cache)
                    token = Int32(200 + i)
                }
            }
            let batch = 16
            let batchedSeconds = try Self.bestMeasured(of: 2) {
                let caches = (0..<batch).map { _ in transformer.makeCache(capacity: 257) }
                _ = try transformer.forward(caches.enumerated().map { s, cache in
                    .init(cache: cache, tokens: Array(prompt[s..<(s + 128)]), logits: .last)
                })
                let start = Date()
                for i in 0..<128 {
                    _ = try transformer.forward(caches.map { .init(cache: $0, tokens: [Int32(300 + i)]) })
                }
                return Date().timeIntervalSince(start)
            }
            print(String(format: "%@: pp512 %.1f tok/s, tg128 %.1f tok/s, batched %d × tg128 %.1f tok/s (isa %@, threads %d)",
                         model, 512 / promptSeconds, 128 / generationSeconds, batch, Double(batch * 128) / batchedSeconds,
                         InstructionSet.active.description, ThreadPool.shared.threadCount))
        }
    }

    // MARK: - Helpers

    /// Seconds of the fastest of `runs` runs of `body`.
    static func best(of runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var fastest = Double.infinity
        for _ in 0..<runs {
            let start = Date()
            try body()
            fastest = min(fastest, Date().timeIntervalSince(start))
        }
        return fastest
    }

    /// The fastest of `runs` durations that `body` measures itself.
    static func bestMeasured(of runs: Int, _ body: () throws -> Double) rethrows -> Double {
        var fastest = Double.infinity
        for _ in 0..<runs { fastest = min(fastest, try body()) }
        return fastest
    }

    /// A rows × columns matrix made of a fixture's blocks, reused round-robin.
    static func matrix(from fixture: QuantFixture, rows: Int, columns: Int) -> [UInt8] {
        let type = fixture.type, perRow = columns / type.blockSize
        let available = fixture.blocks.count / type.bytesPerBlock
        var blocks = [UInt8]()
        blocks.reserveCapacity(rows * perRow * type.bytesPerBlock)
        for r in 0..<rows {
            for b in 0..<perRow {
                let index = (r * 5 + b * 3) % available
                blocks += fixture.blocks[(index * type.bytesPerBlock)..<((index + 1) * type.bytesPerBlock)]
            }
        }
        return blocks
    }
}
