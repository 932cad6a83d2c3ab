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
}

/// Generates text from a prompt, streaming it piece by piece.
public struct TextGenerator: Sendable {
    public let model: LanguageModel

    public init(model: LanguageModel) {
        self.model = model
    }

    /// Generates after `prompt` (token ids). `onText` receives text as it
    /// becomes final — never a partial UTF-8 character, never text that a stop
    /// string later removes; return false from it to stop early.
    public func generate(prompt: [Int32], options: GenerationOptions,
                         onText: (String) -> Bool = { _ in true }) throws -> GenerationResult {
        guard !prompt.isEmpty else { throw GenerationError.emptyPrompt }
        let capacity = min(options.contextLength, model.transformer.parameters.contextLength)
        guard prompt.count < capacity else { throw GenerationError.promptTooLong(tokens: prompt.count, context: capacity) }
        let cache = model.transformer.makeCache(capacity: min(capacity, prompt.count + options.maxTokens))
        var sampler = Sampler(options.sampling)
        var decoder = StreamingDecoder(tokenizer: model.tokenizer)
        var stops = StopStringFilter(stopStrings: options.stopStrings)
        var constraint = try options.constraint?()
        if constraint != nil, !stops.stopStrings.isEmpty { throw ConstraintError.stopStringsWithConstraint }

        let promptStart = Date()
        var logits = try model.transformer.forward(prompt, cache: cache)
        let promptSeconds = Date().timeIntervalSince(promptStart)
        let generationStart = Date()

        var history = prompt
        var generated: [Int32] = []
        var text = ""
        var reason = GenerationResult.FinishReason.maxTokens
        while generated.count < options.maxTokens {
            constraint?.mask(&logits)
            let next = sampler.sample(logits, history: history)
            try constraint?.accept(next)
            if model.tokenizer.isEndOfGeneration(next) {
                reason = .endOfGeneration
                break
            }
            generated.append(next)
            history.append(next)
            let (released, stopped) = stops.append(decoder.append(next))
            text += released
            if !released.isEmpty, !onText(released) { break }
            if stopped {
                reason = .stopString
                break
            }
            // A complete output that nothing can extend ends here, as if the model had stopped.
            if let constraint, constraint.isComplete, !constraint.canContinue {
                reason = .endOfGeneration
                break
            }
            guard generated.count < options.maxTokens else { break }
            guard cache.count < cache.capacity else {
                reason = .contextFull
                break
            }
            logits = try model.transformer.forward([next], cache: cache)
        }
        if reason != .stopString {
            let rest = stops.finish(decoder.finish())
            text += rest
            if !rest.isEmpty { _ = onText(rest) }
        }
        if let constraint, !constraint.isComplete { reason = .constraintIncomplete }
        return GenerationResult(ids: generated, text: text, finishReason: reason, promptTokenCount: prompt.count,
                                promptSeconds: promptSeconds, generationSeconds: Date().timeIntervalSince(generationStart))
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
