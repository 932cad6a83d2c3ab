import Foundation
import Inference

/// Scores an answer against a rubric with a model: `yes_no` is the
/// probability of "yes" against "no"; `scale` is the expected value of a
/// 1–5 rating, mapped to [0, 1]. Either way the score is a probability-like
/// number a threshold can be set on.
public struct Auditor: Sendable {
    public let spec: AuditorSpec
    let model: LanguageModel

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
    }

    init(spec: AuditorSpec, model: LanguageModel) {
        self.spec = spec
        self.model = model
    }

    /// Options and the words the model may answer with for each (casing variants
    /// count for the same option).
    private var options: [(name: String, forms: [String], value: Double)] {
        switch spec.method {
        case .yesNo: return [("yes", ["yes", "Yes"], 1), ("no", ["no", "No"], 0)]
        case .scale: return (1...5).map { ("\($0)", ["\($0)"], Double($0 - 1) / 4) }
        }
    }

    private var question: String {
        switch spec.method {
        case .yesNo: return "Does the answer meet every point of the rubric? Reply yes or no."
        case .scale: return "How well does the answer meet the rubric, from 1 (not at all) to 5 (fully)? Reply with one digit."
        }
    }

    public func audit(request: String, answer: String) throws -> Audit {
        try audit([(request, answer)])[0]
    }

    /// Audits several answers with one batched evaluation of their prompts.
    public func audit(_ pairs: [(request: String, answer: String)]) throws -> [Audit] {
        guard !pairs.isEmpty else { return [] }
        let started = Date()
        let lead = model.chatTemplate == nil ? " " : ""
        let prompts = try pairs.map { try prompt(request: $0.request, answer: $0.answer) }
        let options = self.options
        let forms = options.flatMap { option in option.forms.map { (option.name, $0) } }
        let continuations = forms.map { model.tokenizer.encode(lead + $0.1, addSpecial: false, parseSpecial: false) }
        let all = try ContinuationScorer(model: model).logProbabilities(prompts: prompts, continuations: continuations)
        let seconds = Date().timeIntervalSince(started) / Double(pairs.count)
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
                         reasons: ["auditor: \(summary)"], seconds: seconds, promptTokens: prompt.count)
        }
    }

    /// The audit prompt's token ids for one answer.
    private func prompt(request: String, answer: String) throws -> [Int32] {
        let system = "You are a strict reviewer of customer-support answers.\nRubric:\n\(spec.rubric)"
        let user = "Customer request:\n\(request)\n\nProposed answer:\n\(answer)\n\n\(question)"
        if model.chatTemplate != nil {
            return model.tokenize(prompt: try model.renderChat([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: user)]))
        }
        return model.tokenize(prompt: system + "\n\n" + user + "\nReply:")
    }
}
