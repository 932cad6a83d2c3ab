import Foundation
import Inference

/// `apiary generate FILE --prompt TEXT [...]`
enum GenerateCommand: Command {
    static let name = "generate"
    static let summary = "Generate text with a model (streams the continuation)"
    static let help = """
    Usage: apiary generate FILE --prompt TEXT [--chat] [--system TEXT]
                           [--temp T] [--top-k K] [--top-p P] [--min-p P]
                           [--repeat-penalty R] [--seed S] [--max-tokens N]
                           [--stop TEXT]... [--context N]
                           [--draft FILE [--draft-tokens N]] [--json]

    Runs the model in FILE (GGUF) on the prompt and streams the continuation
    to standard output as it is generated. Special tokens written in the prompt
    (e.g. <|im_start|>) are recognised; BOS is added when the model's metadata
    asks for it. With --prompt - the prompt is read from standard input.

    Options:
      --prompt TEXT         the prompt (- reads standard input)
      --chat                wrap the prompt as a user message with the model's
                            own chat template (tokenizer.chat_template)
      --system TEXT         system message for --chat
      --temp T              temperature; 0 (default) is greedy decoding
      --top-k K             keep the K most likely tokens (default 0: off)
      --top-p P             nucleus sampling threshold (default 1: off)
      --min-p P             drop tokens below P × the best one (default 0: off)
      --repeat-penalty R    penalise tokens of the last 64 (default 1: off)
      --seed S              random seed for sampling (default 0)
      --max-tokens N        stop after N tokens (default 256)
      --stop TEXT           stop before TEXT (may be repeated)
      --context N           context size in tokens (default 2048)
      --draft FILE          speculative decoding: a smaller model with the same
                            vocabulary proposes tokens that FILE's model
                            verifies in one pass (greedy output is unchanged)
      --draft-tokens N      tokens the draft proposes per step (default 4)
      --json                print {"ids": [...], "text": ..., ...} at the end
                            instead of streaming (with --draft also
                            drafted_tokens and accepted_draft_tokens)

    Examples:
      apiary generate models/SmolLM2-135M-Instruct.Q4_1.gguf --chat \\
          --prompt "How do I reset my password?"
      apiary generate models/gemma-3-270m-q4_k_m.gguf --prompt "The bee" --max-tokens 20 --json
    """

    /// The most tokens a context or a generation may ask for (no model here has more than 128K).
    static let tokenLimit = 1 << 20

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let chat = arguments.flag("--chat")
        guard var prompt = try arguments.option("--prompt") else { throw CLIError.usage("missing --prompt TEXT") }
        let system = try arguments.option("--system")
        var sampling = SamplingParameters()
        sampling.temperature = try arguments.option("--temp", as: Float.self, in: 0...100, expected: "a number from 0 to 100") ?? 0
        sampling.topK = try arguments.option("--top-k", as: Int.self, in: 0...1_000_000, expected: "an integer from 0 to 1000000") ?? 0
        sampling.topP = try arguments.option("--top-p", as: Float.self, in: Float.leastNonzeroMagnitude...1, expected: "a number in (0, 1]") ?? 1
        sampling.minP = try arguments.option("--min-p", as: Float.self, in: 0...1, expected: "a number in [0, 1]") ?? 0
        sampling.repetitionPenalty = try arguments.option("--repeat-penalty", as: Float.self, in: Float.leastNonzeroMagnitude...100, expected: "a number in (0, 100]") ?? 1
        sampling.seed = try arguments.option("--seed", as: UInt64.self, expected: "a non-negative integer") ?? 0
        var options = GenerationOptions(sampling: sampling)
        options.maxTokens = try arguments.option("--max-tokens", as: Int.self, in: 1...Self.tokenLimit, expected: "an integer from 1 to \(Self.tokenLimit)") ?? 256
        options.contextLength = try arguments.option("--context", as: Int.self, in: 1...Self.tokenLimit, expected: "an integer from 1 to \(Self.tokenLimit)") ?? 2048
        options.stopStrings = try arguments.options("--stop")
        let draftPath = try arguments.option("--draft")
        let draftRange = SpeculativeDraft.tokenRange
        let draftTokens = try arguments.option("--draft-tokens", as: Int.self, in: draftRange,
                                              expected: "an integer from \(draftRange.lowerBound) to \(draftRange.upperBound)")
            ?? SpeculativeDraft.defaultTokens
        let files = try arguments.positionals()
        guard files.count == 1 else { throw CLIError.usage(files.isEmpty ? "missing model FILE" : "expected one model FILE") }
        try validate(sampling, options)

        if prompt == "-" {
            prompt = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let model = try LanguageModel(path: files[0])
        if chat {
            var messages: [ChatMessage] = []
            if let system { messages.append(ChatMessage(role: "system", content: system)) }
            messages.append(ChatMessage(role: "user", content: prompt))
            prompt = try model.renderChat(messages)
        } else if system != nil {
            throw CLIError.usage("--system needs --chat")
        }
        let ids = model.tokenize(prompt: prompt)
        let draft = try draftPath.map {
            try SpeculativeDraft(model: try LanguageModel(path: $0), target: model, tokens: draftTokens)
        }
        let generator = TextGenerator(model: model, draft: draft)
        let result = try generator.generate(prompt: ids, options: options) { text in
            if !json { Output.write(text) }
            return true
        }
        if json {
            try Output.json([
                "ids": result.ids.map(Int.init),
                "text": result.text,
                "finish_reason": result.finishReason.rawValue,
                "prompt_tokens": result.promptTokenCount,
                "prompt_seconds": result.promptSeconds,
                "generation_seconds": result.generationSeconds,
                "drafted_tokens": result.draftedTokens,
                "accepted_draft_tokens": result.acceptedDraftTokens,
            ] as [String: Any])
        } else {
            Output.line()
        }
        return 0
    }

    private static func validate(_ s: SamplingParameters, _ o: GenerationOptions) throws {
        guard s.temperature >= 0, s.temperature.isFinite else { throw CLIError.usage("--temp expects a number ≥ 0") }
        guard s.topK >= 0 else { throw CLIError.usage("--top-k expects an integer ≥ 0") }
        guard s.topP > 0, s.topP <= 1 else { throw CLIError.usage("--top-p expects a number in (0, 1]") }
        guard s.minP >= 0, s.minP <= 1 else { throw CLIError.usage("--min-p expects a number in [0, 1]") }
        guard s.repetitionPenalty > 0, s.repetitionPenalty.isFinite else { throw CLIError.usage("--repeat-penalty expects a number > 0") }
        guard o.maxTokens > 0 else { throw CLIError.usage("--max-tokens expects a positive integer") }
        guard o.contextLength > 0 else { throw CLIError.usage("--context expects a positive integer") }
    }
}
