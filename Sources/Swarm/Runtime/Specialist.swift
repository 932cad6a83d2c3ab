import Foundation
import Inference

/// A domain's answering model: its system prompt, few-shot examples and
/// generation settings around a shared `LanguageModel`.
public struct Specialist: Sendable {
    public let spec: SpecialistSpec
    let model: LanguageModel
    let contextLength: Int
    /// The compiled output schema: every answer is generated under it.
    let schema: JSONSchema?
    /// Its prompt prefix (system prompt, examples), computed once per runtime — per job.
    let prefixes = PromptPrefixCache(capacity: 2)
    /// The model that proposes tokens for this one to verify (`draft` in the swarm file).
    let draft: SpeculativeDraft?

    /// What answering produced.
    public struct Answer: Sendable {
        public var text: String
        public var promptTokens: Int
        public var answerTokens: Int
        public var finishReason: String
        public var seconds: Double
        /// Set when the request had to be cut to fit the context.
        public var shortening: RequestShortening?
        /// Tokens the draft model proposed and how many were kept (0 and 0 without a draft).
        public var draftedTokens: Int
        public var acceptedDraftTokens: Int

        init(_ generation: GenerationResult, prompt: FittedPrompt, seconds: Double) {
            text = generation.text.trimmingCharacters(in: .whitespacesAndNewlines)
            promptTokens = prompt.ids.count
            answerTokens = generation.ids.count
            finishReason = generation.finishReason.rawValue
            self.seconds = seconds
            shortening = prompt.shortening
            draftedTokens = generation.draftedTokens
            acceptedDraftTokens = generation.acceptedDraftTokens
        }

        /// What the trace says of it.
        var notes: [String] {
            var notes = ["finish: \(finishReason)"]
            if draftedTokens > 0 { notes.append("draft: \(acceptedDraftTokens) of \(draftedTokens) proposed tokens kept") }
            if let shortening { notes.append(shortening.reason.message) }
            return notes
        }
    }

    init(spec: SpecialistSpec, model: LanguageModel, contextLength: Int, draft: LanguageModel? = nil) throws {
        self.spec = spec
        self.model = model
        self.contextLength = contextLength
        do {
            self.draft = try draft.map {
                try SpeculativeDraft(model: $0, target: model, tokens: spec.draftTokens, prefixes: PromptPrefixCache(capacity: 2))
            }
        } catch {
            throw SwarmRuntimeError.draft(specialist: spec.name, reason: "\(error)")
        }
        // A schema that cannot be enforced is an error, never a silent fallback.
        schema = try spec.schemaJSON.map { try JSONSchema(json: $0) }
    }

    /// The conversation the model sees: system prompt, examples, the request.
    func messages(for request: String) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if !spec.system.isEmpty { messages.append(ChatMessage(role: "system", content: spec.system)) }
        for example in spec.examples {
            messages.append(ChatMessage(role: "user", content: example.user))
            messages.append(ChatMessage(role: "assistant", content: example.assistant))
        }
        messages.append(ChatMessage(role: "user", content: request))
        return messages
    }

    /// The most prompt tokens: the context less room for a whole answer, but at least half
    /// the context (a `max_tokens` near the context size would leave no room for a request).
    var promptBudget: Int { max(contextLength - spec.maxTokens, contextLength / 2) }

    /// Prompt token ids for a request, the request shortened when the whole does not fit.
    func prompt(for request: String) throws -> FittedPrompt {
        try PromptFitting.fit(request: request, budget: promptBudget, role: "specialist \(spec.name)",
                              count: { model.tokenizer.encode($0, addSpecial: false, parseSpecial: false).count },
                              build: promptTokens(for:))
    }

    /// Prompt token ids around a request text, as it is.
    private func promptTokens(for request: String) throws -> [Int32] {
        if model.chatTemplate != nil {
            return model.tokenize(prompt: try model.renderChat(messages(for: request)))
        }
        // Plain-completion model: a simple transcript.
        var text = spec.system.isEmpty ? "" : spec.system + "\n\n"
        for example in spec.examples { text += "Request: \(example.user)\nAnswer: \(example.assistant)\n\n" }
        text += "Request: \(request)\nAnswer:"
        return model.tokenize(prompt: text)
    }

    var options: GenerationOptions {
        var sampling = SamplingParameters()
        sampling.temperature = Float(spec.temperature)
        sampling.topK = spec.topK
        sampling.topP = Float(spec.topP)
        sampling.repetitionPenalty = Float(spec.repeatPenalty)
        sampling.seed = spec.seed
        var options = GenerationOptions(sampling: sampling, maxTokens: spec.maxTokens,
                                        stopStrings: spec.stop, contextLength: contextLength)
        if let schema {
            let tokenizer = model.tokenizer
            options.constraint = { JSONSchemaConstraint(schema: schema, tokenizer: tokenizer) }
        }
        return options
    }

    /// Answers `request`, streaming text through `onText`.
    public func answer(_ request: String, onText: (String) -> Void = { _ in }) throws -> Answer {
        let started = Date()
        let prompt = try prompt(for: request)
        let result = try TextGenerator(model: model, draft: draft).generate(prompt: prompt.ids, options: options) { text in
            onText(text)
            return true
        }
        return Answer(result, prompt: prompt, seconds: Date().timeIntervalSince(started))
    }
}
