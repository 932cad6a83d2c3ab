import TOML

/// A swarm file (`swarms/*.toml`) as data: models, domains, router,
/// specialists, auditor and the policy it uses. Built by `SwarmSpecLoader`,
/// which checks every value and reference and keeps source positions.
public struct SwarmSpec: Sendable {
    public var file: String
    public var name: String
    public var description: String
    public var models: [ModelSpec]
    public var domains: [DomainSpec]
    public var router: RouterSpec
    public var specialists: [SpecialistSpec]
    public var auditor: AuditorSpec?
    /// Policy file, resolved against the swarm file's directory.
    public var policyPath: String?
    /// Labelled examples (JSON lines `{"text", "domain"}` or a ticket export with a
    /// `domain` column), resolved path; rows with `split = eval` are left out.
    public var examplesPath: String?
    public var input: InputMappingSpec?
    /// The swarm file's own `[costs]` for the dashboard; each key set here overrides its policy's.
    public var costs = PolicySpec.CostRules()

    public func model(named name: String) -> ModelSpec? { models.first { $0.name == name } }
    public func specialist(named name: String) -> SpecialistSpec? { specialists.first { $0.name == name } }
    public func domain(named name: String) -> DomainSpec? { domains.first { $0.name == name } }
}

public struct ModelSpec: Sendable {
    public enum Kind: String, Sendable { case generative, embedding }
    public var name: String
    /// Resolved against the swarm file's directory.
    public var path: String
    public var kind: Kind
    /// Positions per sequence (prompt + answer).
    public var context: Int
    /// Compute threads; nil uses every core. The kernels share one thread pool,
    /// so the largest value among the swarm's models applies.
    public var threads: Int?
    public var position: TOMLPosition
}

public struct DomainSpec: Sendable {
    public var name: String
    public var description: String
    public var specialist: String
    /// Example requests: the classifier's and the embedding router's training data.
    public var examples: [String]
    /// `rules` strategy: case-insensitive whole-word keywords and regular expressions.
    public var keywords: [String]
    public var patterns: [String]
    public var position: TOMLPosition
}

public struct RouterSpec: Sendable {
    public enum Strategy: Sendable, Equatable {
        case rules
        case classifier
        case embedding(model: String)
        case llm(model: String)

        public var name: String {
            switch self {
            case .rules: return "rules"
            case .classifier: return "classifier"
            case .embedding: return "embedding"
            case .llm: return "llm"
            }
        }
    }

    /// What happens to a request no strategy routes confidently.
    public enum OutOfScope: Sendable, Equatable {
        case fallback(domain: String)
        case refuse(message: String)
        case review
    }

    public var strategies: [Strategy]
    /// A strategy decides when its best domain has at least this probability…
    public var minConfidence: Double
    /// …and leads the runner-up by at least this much.
    public var minMargin: Double
    public var outOfScope: OutOfScope
    /// Per-strategy overrides of `minConfidence` (e.g. rules may decide at 0.5).
    public var strategyConfidence: [String: Double]
    /// `embedding`: a request whose in-scope evidence (`EmbeddingStrategy`) is below this
    /// is out of scope before any strategy decides (evidence, not a low top probability).
    public var minSimilarity: Double? = nil
    /// `embedding` decides only when its in-scope evidence is at least this;
    /// between `minSimilarity` and this, the request is left to the strategies after it
    /// (an `llm` judging the doubtful band costs a model call only there).
    public var confidentSimilarity: Double? = nil
}

public struct SpecialistSpec: Sendable {
    public struct Example: Sendable {
        public var user: String
        public var assistant: String
    }

    public var name: String
    public var model: String
    public var system: String
    public var examples: [Example]
    public var maxTokens: Int
    public var temperature: Double
    public var topK: Int
    public var topP: Double
    /// Divides the logits of tokens seen recently (llama.cpp's repeat penalty; 1 = off).
    public var repeatPenalty: Double
    public var seed: UInt64
    public var stop: [String]
    /// JSON schema text the answer must satisfy (constrained decoding), if any.
    public var schemaJSON: String?
    /// A smaller model with the same vocabulary that proposes tokens for this one to
    /// verify (speculative decoding), and how many it proposes per step.
    public var draft: String?
    public var draftTokens: Int
    public var position: TOMLPosition
}

public struct AuditorSpec: Sendable {
    public enum Method: String, Sendable {
        /// Probability of "yes" from the two label log-probabilities.
        case yesNo = "yes_no"
        /// Expected value of a constrained 1–5 digit, normalised to [0, 1].
        case scale
    }

    public var model: String
    public var rubric: String
    public var method: Method
    /// Answers scoring below this are flagged for review; when unset the
    /// policy's `[audit] threshold` applies.
    public var threshold: Double?
    public var position: TOMLPosition
}

/// How `apiary batch` finds a ticket's id and text (`[input]`).
public struct InputMappingSpec: Sendable {
    public var format: String?
    public var idField: String?
    public var textFields: [String]
}
