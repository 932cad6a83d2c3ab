import Inference

/// `llm`: a generative model scores each domain label by log-probability
/// after a routing prompt, normalised over the labels (plus "other" for out
/// of scope). The prompt is computed once per request and shared by all labels.
struct LabelScoringStrategy: RoutingStrategy {
    let name = "llm"
    let model: LanguageModel
    let labels: [String]                  // domain names, then Route.outOfScopeLabel
    let continuations: [[Int32]]
    let system: String

    static let otherLabel = "other"

    init(model: LanguageModel, domains: [DomainSpec]) {
        self.model = model
        labels = domains.map(\.name) + [Route.outOfScopeLabel]
        var system = "You sort customer requests into categories. The categories are:\n"
        for domain in domains {
            system += "- \(domain.name): \(domain.description.isEmpty ? domain.name : domain.description)\n"
        }
        system += "- \(Self.otherLabel): anything that fits none of the categories above\n"
        system += "Reply with the category name only."
        self.system = system
        // After a chat template's assistant header the label starts a line; after
        // "Category:" in a plain prompt it follows a space.
        let lead = model.chatTemplate == nil ? " " : ""
        continuations = (domains.map(\.name) + [Self.otherLabel]).map {
            model.tokenizer.encode(lead + $0, addSpecial: false, parseSpecial: false)
        }
    }

    func scores(for text: String) throws -> [String: Double] {
        let prompt: String
        if model.chatTemplate != nil {
            prompt = try model.renderChat([ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: text)])
        } else {
            prompt = system + "\n\nRequest: " + text + "\nCategory:"
        }
        let scorer = ContinuationScorer(model: model)
        let logProbabilities = try scorer.logProbabilities(prompt: model.tokenize(prompt: prompt),
                                                           continuations: continuations)
        let distribution = ContinuationScorer.distribution(logProbabilities)
        return Dictionary(uniqueKeysWithValues: zip(labels, distribution))
    }
}
