import Inference

/// The audit prompt, built from the swarm: what the swarm is for (its
/// description), the request's domain and its description, the rubric, and
/// the question for the scoring method. The one builder for the pipeline's
/// audits and `apiary audit`.
struct AuditPrompt: Sendable {
    /// The swarm's description, or its name when it has none.
    let purpose: String
    /// Domain name → description.
    let domains: [String: String]
    let rubric: String
    let method: AuditorSpec.Method

    init(swarm: SwarmSpec, auditor: AuditorSpec) {
        purpose = swarm.description.isEmpty ? "the \(swarm.name) swarm" : swarm.description
        domains = Dictionary(swarm.domains.map { ($0.name, $0.description) }, uniquingKeysWith: { first, _ in first })
        rubric = auditor.rubric
        method = auditor.method
    }

    var question: String {
        switch method {
        case .yesNo: return "Does the answer meet every point of the rubric? Reply yes or no."
        case .scale: return "How well does the answer meet the rubric, from 1 (not at all) to 5 (fully)? Reply with one digit."
        }
    }

    func system(domain: String?) -> String {
        var text = "You are a strict reviewer of answers written for: \(purpose)."
        if let domain {
            let description = domains[domain] ?? ""
            text += "\nThe request belongs to the domain \(domain)" + (description.isEmpty ? "." : " (\(description)).")
        }
        return text + "\nRubric:\n\(rubric)"
    }

    func user(request: String, answer: String) -> String {
        "Request:\n\(request)\n\nProposed answer:\n\(answer)\n\n\(question)"
    }

    /// The prompt's token ids for `model`: a chat when it has a template, else plain text ending in "Reply:".
    func tokens(request: String, answer: String, domain: String?, model: LanguageModel) throws -> [Int32] {
        let system = system(domain: domain)
        let user = user(request: request, answer: answer)
        if model.chatTemplate != nil {
            return model.tokenize(prompt: try model.renderChat([ChatMessage(role: "system", content: system),
                                                                ChatMessage(role: "user", content: user)]))
        }
        return model.tokenize(prompt: system + "\n\n" + user + "\nReply:")
    }
}
