import Foundation
import Inference

/// Scores an answer against a rubric with a model: `yes_no` is the
/// probability of "yes" against "no"; `scale` is the expected value of a
/// 1–5 rating, mapped to [0, 1]. Either way the score is a probability-like
/// number a threshold can be set on.
public struct Auditor: Sendable {
    public let spec: AuditorSpec
    let model: LanguageModel
    let contextLength: Int
    let prompt: AuditPrompt
    /// The audit prompt's instructions for each domain, computed once per runtime — per job.
    let prefixes = PromptPrefixCache()

    /// The auditor's judgement.
    public struct Audit: Sendable {
        public var score: Double
        public var method: String
        /// Probability of each option the model was asked to choose from.
        public var distribution: [String: Double]
        public var reasons: [String]
        public var seconds: Double
        /// Tokens of the audit prompt.
        public var promptTokens: Int
        /// Set when the request had to be cut to fit the auditor's context.
        public var shortening: RequestShortening?
    }

    /// One answer to audit: the request, the answer and the domain it belongs to (if known).
    public struct Subject: Sendable {
        public var request: String
        public var answer: String
        public var domain: String?

        public init(request: String, answer: String, domain: String?) {
            self.request = request
            self.answer = answer
            self.domain = domain
        }
    }

    init(spec: AuditorSpec, model: LanguageModel, contextLength: Int, prompt: AuditPrompt) {
        self.spec = spec
        self.model = model
        self.contextLength = contextLength
        self.prompt = prompt
    }

    /// Options and the words the model may answer with for each (casing variants
    /// count for the same option).
    private var options: [(name: String, forms: [String], value: Double)] {
        switch spec.method {
        case .yesNo: return [("yes", ["yes", "Yes"], 1), ("no", ["no", "No"], 0)]
        case .scale: return (1...5).map { ("\($0)", ["\($0)"], Double($0 - 1) / 4) }
        }
    }

    public func audit(_ subject: Subject) throws -> Audit {
        try audit([subject])[0]
    }

    /// Audits several answers with one batched evaluation of their prompts.
    public func audit(_ subjects: [Subject]) throws -> [Audit] {
        guard !subjects.isEmpty else { return [] }
        let started = Date()
        let lead = model.chatTemplate == nil ? " " : ""
        let prompts = try subjects.map(fittedPrompt(for:))
        let options = self.options
        let forms = options.flatMap { option in option.forms.map { (option.name, $0) } }
        let continuations = forms.map { model.tokenizer.encode(lead + $0.1, addSpecial: false, parseSpecial: false) }
        let all = try ContinuationScorer(model: model, prefixes: prefixes).logProbabilities(prompts: prompts.map(\.ids), continuations: continuations)
        let seconds = Date().timeIntervalSince(started) / Double(subjects.count)
        return zip(prompts, all).map { prompt, logProbabilities in
            // Sum the casing variants of each option, then normalise over the options.
            var mass: [String: Double] = [:]
            for ((name, _), logP) in zip(forms, logProbabilities) { mass[name, default: 0] += exp(logP) }
            let total = mass.values.reduce(0, +)
            let distribution = total > 0 ? mass.mapValues { $0 / total } : mass.mapValues { _ in 1 / Double(options.count) }
            let score = options.reduce(0) { $0 + (distribution[$1.name] ?? 0) * $1.value }
            let summary: String
            switch spec.method {
            case .yesNo: summary = String(format: "P(yes) = %.2f", score)
            case .scale: summary = String(format: "expected rating %.2f of 5", 1 + 4 * score)
            }
            return Audit(score: score, method: spec.method.rawValue, distribution: distribution,
                         reasons: ["auditor: \(summary)"], seconds: seconds, promptTokens: prompt.ids.count,
                         shortening: prompt.shortening)
        }
    }

    /// The audit prompt for one answer, its request shortened when the whole does not fit
    /// (the label tokens must follow it).
    private func fittedPrompt(for subject: Subject) throws -> FittedPrompt {
        try PromptFitting.fit(request: subject.request, budget: contextLength - 4, role: "auditor",
                              count: { model.tokenizer.encode($0, addSpecial: false, parseSpecial: false).count },
                              build: { try prompt.tokens(request: $0, answer: subject.answer, domain: subject.domain, model: model) })
    }
}
