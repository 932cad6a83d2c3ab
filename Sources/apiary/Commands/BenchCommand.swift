import Foundation
import Inference

/// `apiary bench FILE [...]`
enum BenchCommand: Command {
    static let name = "bench"
    static let summary = "Measure prompt, generation and batched generation speed of a model"
    static let help = """
    Usage: apiary bench FILE [--threads N] [--prompt 512] [--gen 128]
                        [--batch 1,4,16] [--repeat R] [--json]

    Measures the inference core on the GGUF model FILE, as llama.cpp's
    llama-bench does: prompt processing of --prompt random tokens (tok/s),
    generation of --gen tokens one at a time (tok/s), and batched generation:
    for each size B in --batch, B sequences of 128 prompt tokens advance
    together --gen steps (generated tok/s over all sequences). Each figure is
    the best of --repeat runs. Also reports the peak resident memory against
    the budget 1.1 × model file + largest KV cache + 64 MiB (weights resident
    once: the repacked copy replaces the mapped pages).
    bench/compare-llamacpp runs this side by side with llama.cpp.

    Options:
      --threads N     worker threads (default: the number of cores)
      --prompt N      prompt tokens (default 512)
      --gen N         generated tokens (default 128)
      --batch LIST    comma-separated batch sizes (default 1,4,16)
      --repeat R      runs per figure, best kept (default 3)
      --json          print {"pp_tps", "tg_tps", "batched": [{"batch", "tg_tps"}],
                      "peak_rss_bytes", "rss_bytes", "kv_cache_bytes",
                      "rss_budget_bytes", "threads"}

    Example:
      apiary bench models/SmolLM2-135M-Instruct.Q4_1.gguf --batch 16 --json
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        var benchmark = ThroughputBenchmark()
        let threads = try arguments.option("--threads", as: Int.self, in: 1...1024, expected: "an integer from 1 to 1024")
        benchmark.promptTokens = try arguments.option("--prompt", as: Int.self, in: 1...GenerateCommand.tokenLimit, expected: "an integer from 1 to \(GenerateCommand.tokenLimit)") ?? 512
        benchmark.generatedTokens = try arguments.option("--gen", as: Int.self, in: 1...GenerateCommand.tokenLimit, expected: "an integer from 1 to \(GenerateCommand.tokenLimit)") ?? 128
        benchmark.repeats = try arguments.option("--repeat", as: Int.self, in: 1...1000, expected: "an integer from 1 to 1000") ?? 3
        if let list = try arguments.option("--batch") {
            let sizes = list.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !sizes.isEmpty, sizes.allSatisfy({ (1...BatchCommand.maximumBatch).contains($0 ?? 0) }) else {
                throw CLIError.usage("--batch expects comma-separated integers from 1 to \(BatchCommand.maximumBatch), got '\(list)'")
            }
            benchmark.batchSizes = sizes.compactMap { $0 }
        }
        let files = try arguments.positionals()
        guard files.count == 1 else { throw CLIError.usage(files.isEmpty ? "missing model FILE" : "expected one model FILE") }
        guard benchmark.promptTokens > 0, benchmark.generatedTokens > 0, benchmark.repeats > 0, (threads ?? 1) > 0 else {
            throw CLIError.usage("--prompt, --gen, --repeat and --threads expect positive integers")
        }
        if let threads { ThreadPool.configureShared(threads: threads) }
        // The parsed file goes out of scope once loaded (its metadata is not resident during the run).
        let (transformer, fileBytes) = try { () throws -> (Transformer, Int) in
            let file = try GGUFFile(contentsOf: files[0])
            return (try Transformer(file: file), file.storage.bytes.count)
        }()
        let result = try benchmark.run(transformer) { step in
            if !json { Output.error("… \(step)") }
        }
        let budget = ThroughputBenchmark.residentBudget(fileBytes: fileBytes, cacheBytes: result.largestCacheBytes)
        if json {
            try Output.json([
                "pp_tps": result.promptTokensPerSecond,
                "tg_tps": result.generationTokensPerSecond,
                "batched": result.batched.map { ["batch": $0.batch, "tg_tps": $0.tokensPerSecond] as [String: Any] },
                "peak_rss_bytes": result.peakResidentBytes,
                "rss_bytes": result.residentBytes,
                "kv_cache_bytes": result.largestCacheBytes,
                "rss_budget_bytes": budget,
                "threads": ThreadPool.shared.threadCount,
            ] as [String: Any])
        } else {
            Output.line(String(format: "prompt (pp%d)      %8.1f tok/s", benchmark.promptTokens, result.promptTokensPerSecond))
            Output.line(String(format: "generation (tg%d)  %8.1f tok/s", benchmark.generatedTokens, result.generationTokensPerSecond))
            for entry in result.batched {
                Output.line(String(format: "batched ×%-3d       %8.1f tok/s", entry.batch, entry.tokensPerSecond))
            }
            Output.line("RSS                \(Format.bytes(result.residentBytes)) at the end, \(Format.bytes(result.peakResidentBytes)) peak   threads \(ThreadPool.shared.threadCount)")
            Output.line("RSS budget         \(Format.bytes(budget)) = 1.1 × file \(Format.bytes(fileBytes)) + KV \(Format.bytes(result.largestCacheBytes)) + 64 MiB"
                        + (result.peakResidentBytes <= budget ? "   peak within" : "   peak OVER"))
        }
        return 0
    }
}
