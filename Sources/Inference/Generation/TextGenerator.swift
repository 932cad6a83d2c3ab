import Foundation

/// What to generate and when to stop.
public struct GenerationOptions: Sendable {
    public var sampling: SamplingParameters
    public var maxTokens: Int
    /// Generation ends before the first occurrence of any of these strings.
    public var stopStrings: [String]
    /// Positions to allocate for prompt plus answer.
    public var contextLength: Int
    /// Makes a fresh constraint for each generation (a factory keeps the options
    /// `Sendable`); nil generates freely. See `GenerationConstraint`.
    public var constraint: (@Sendable () throws -> any GenerationConstraint)?

    public init(sampling: SamplingParameters = .greedy, maxTokens: Int = 256, stopStrings: [String] = [], contextLength: Int = 2048,
                constraint: (@Sendable () throws -> any GenerationConstraint)? = nil) {
        self.sampling = sampling
        self.maxTokens = maxTokens
        self.stopStrings = stopStrings
        self.contextLength = contextLength
        self.constraint = constraint
    }
}

/// What a generation produced.
public struct GenerationResult: Sendable {
    public enum FinishReason: String, Sendable {
        case endOfGeneration = "eog", maxTokens = "length", stopString = "stop", contextFull = "context"
        /// Generation stopped (max tokens, full context, the caller) before the
        /// constrained output was complete: the text is NOT a valid output.
        case constraintIncomplete = "incomplete"
    }

    public var ids: [Int32]
    public var text: String
    public var finishReason: FinishReason
    public var promptTokenCount: Int
    public var promptSeconds: Double
    public var generationSeconds: Double
    /// Tokens a draft model proposed, and how many of them the model kept.
    public var draftedTokens: Int
    public var acceptedDraftTokens: Int

    public init(ids: [Int32], text: String, finishReason: FinishReason, promptTokenCount: Int, promptSeconds: Double,
                generationSeconds: Double, draftedTokens: Int = 0, acceptedDraftTokens: Int = 0) {
        self.ids = ids
        self.text = text
        self.finishReason = finishReason
        self.promptTokenCount = promptTokenCount
        self.promptSeconds = promptSeconds
        self.generationSeconds = generationSeconds
        self.draftedTokens = draftedTokens
        self.acceptedDraftTokens = acceptedDraftTokens
    }
}

/// Generates text from a prompt, streaming it piece by piece: the batched loop
/// with one sequence.
public struct TextGenerator: Sendable {
    public let model: LanguageModel
    public var draft: SpeculativeDraft?

    public init(model: LanguageModel, draft: SpeculativeDraft? = nil) {
        self.model = model
        self.draft = draft
    }

    /// Generates after `prompt` (token ids). `onText` receives text as it
    /// becomes final — never a partial UTF-8 character, never text that a stop
    /// string later removes; return false from it to stop early.
    public func generate(prompt: [Int32], options: GenerationOptions,
                         onText: (String) -> Bool = { _ in true }) throws -> GenerationResult {
        try BatchedGenerator(model: model, batchSize: 1, draft: draft)
            .generate(prompts: [prompt], options: options, onText: { onText($1) })[0]
    }
}

/// Holds back streamed text that might be the start of a stop string.
struct StopStringFilter {
    let stopStrings: [String]
    private var pending = ""

    init(stopStrings: [String]) {
        self.stopStrings = stopStrings.filter { !$0.isEmpty }
    }

    /// Adds text; returns what is safe to release and whether a stop string was found
    /// (the stop string and everything after it are dropped).
    mutating func append(_ text: String) -> (released: String, stopped: Bool) {
        pending += text
        guard !stopStrings.isEmpty else {
            defer { pending = "" }
            return (pending, false)
        }
        if let cut = stopStrings.compactMap({ pending.range(of: $0)?.lowerBound }).min() {
            defer { pending = "" }
            return (String(pending[..<cut]), true)
        }
        // Keep the longest suffix that is a prefix of some stop string.
        var keep = 0
        for stop in stopStrings {
            for length in stride(from: min(stop.count, pending.count), to: 0, by: -1)
            where pending.hasSuffix(stop.prefix(length)) {
                keep = max(keep, length)
                break
            }
        }
        let released = String(pending.dropLast(keep))
        pending = String(pending.suffix(keep))
        return (released, false)
    }

    /// Releases whatever is held at the end.
    mutating func finish(_ text: String) -> String {
        let (released, stopped) = append(text)
        defer { pending = "" }
        return stopped ? released : released + pending
    }
}
