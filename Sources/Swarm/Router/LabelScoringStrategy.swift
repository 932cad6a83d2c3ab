import Inference

/// `llm`: a generative model scores each domain label by log-probability
/// after a routing prompt, normalised over the labels (plus "other" for out
/// of scope). The prompt is computed once per request and shared by all labels,
/// and its instructions (the same for every request) once per router.
struct LabelScoringStrategy: RoutingStrategy {
    let name = "llm"
    let model: LanguageModel
    /// The instructions' cache, forked by every request that starts with them.
    let prefixes = PromptPrefixCache(capacity: 4)
    let labels: [String]                  // domain names, then Route.outOfScopeLabel
    let continuations: [[Int32]]
    let system: String

    static let otherLabel = "other"

    /// Examples shown per domain in the instructions: enough to tell near domains
    /// apart, few enough that the (once-computed) instructions stay short.
    static let examplesPerDomain = 3
    /// Characters of an example shown at most.
    static let exampleLength = 160

    init(model: LanguageModel, swarm: SwarmSpec, examples: [LabelledExample] = []) {
        self.model = model
        let domains = swarm.domains
        labels = domains.map(\.name) + [Route.outOfScopeLabel]
        system = Self.instructions(for: swarm, examples: examples)
        // After a chat template's assistant header the label starts a line; after
        // "Category:" in a plain prompt it follows a space.
        let lead = model.chatTemplate == nil ? " " : ""
        continuations = (domains.map(\.name) + [Self.otherLabel]).map {
            model.tokenizer.encode(lead + $0, addSpecial: false, parseSpecial: false)
        }
    }

    /// The routing prompt's system text: what the swarm is for, its domains (each with up to
    /// `examplesPerDomain` of its examples, in their order), and "other".
    static func instructions(for swarm: SwarmSpec, examples: [LabelledExample] = []) -> String {
        let purpose = swarm.description.isEmpty ? "the \(swarm.name) swarm" : swarm.description
        var text = "Requests arrive for: \(purpose).\nSort each request into one category. The categories are:\n"
        for domain in swarm.domains {
            text += "- \(domain.name): \(domain.description.isEmpty ? domain.name : domain.description)\n"
            for example in examples.filter({ $0.domain == domain.name }).prefix(examplesPerDomain) {
                let line = example.text.split(whereSeparator: \.isNewline).joined(separator: " ")
                text += "  e.g. \"\(line.count > exampleLength ? line.prefix(exampleLength) + "…" : line)\"\n"
            }
        }
        text += "- \(otherLabel): anything that fits none of the categories above\n"
        return text + "Reply with the category name only."
    }

    func scores(for text: String) throws -> [String: Double] {
        let prompt: String
        if model.chatTemplate != nil {
            prompt = try model.renderChat([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: text)])
        } else {
            prompt = system + "\n\nRequest: " + text + "\nCategory:"
        }
        let scorer = ContinuationScorer(model: model, prefixes: prefixes)
        let logProbabilities = try scorer.logProbabilities(prompts: [model.tokenize(prompt: prompt)], continuations: continuations)
        let distribution = ContinuationScorer.distribution(logProbabilities[0])
        return Dictionary(uniqueKeysWithValues: zip(labels, distribution))
    }
}
