import Foundation
import Inference

/// A labelled request for training the router (`examples` file rows, or a
/// domain's inline examples).
public struct LabelledExample: Sendable {
    public var text: String
    /// A domain name, or `Route.outOfScopeLabel`.
    public var domain: String
    /// Where it came from, for messages: the ticket id and the line of the file.
    public var id: String?
    public var line: Int?

    public init(text: String, domain: String, id: String? = nil, line: Int? = nil) {
        self.text = text
        self.domain = domain
        self.id = id
        self.line = line
    }
}

/// A loaded swarm: models in memory, router trained, specialists and auditor
/// ready. Build once, then route or run many requests.
public final class SwarmRuntime: Sendable {
    public let spec: SwarmSpec
    public let models: ModelPool
    public let router: Router
    let specialists: [String: Specialist]
    public let auditor: Auditor?
    public let policy: PolicyEngine
    /// Seconds spent loading models and training the router.
    public let loadSeconds: Double

    /// Loads the swarm. `examples` come from the swarm's `examples` file (read
    /// by the caller, which knows the export formats); each domain's inline
    /// examples are added to them.
    public init(spec: SwarmSpec, examples: [LabelledExample] = []) throws {
        let started = Date()
        self.spec = spec
        var policySpec = try spec.policyPath.map { try PolicySpec.load(contentsOf: $0) } ?? PolicySpec()
        // A threshold written on the swarm's auditor overrides the policy's.
        if let threshold = spec.auditor?.threshold { policySpec.audit.threshold = threshold }
        policy = PolicyEngine(spec: policySpec)
        let models = try ModelPool(spec: spec)
        self.models = models
        let known = Set(spec.domains.map(\.name) + [Route.outOfScopeLabel])
        let training = spec.domains.flatMap { domain in domain.examples.map { LabelledExample(text: $0, domain: domain.name) } }
            + examples.filter { known.contains($0.domain) }

        var strategies: [any RoutingStrategy] = []
        for strategy in spec.router.strategies {
            switch strategy {
            case .rules:
                strategies.append(try RuleStrategy(domains: spec.domains))
            case .classifier:
                let classifier = TextClassifier(examples: training.map { ($0.text, $0.domain) })
                strategies.append(ClassifierStrategy(classifier: classifier))
            case .embedding(let name):
                strategies.append(try EmbeddingStrategy(embedder: try models.embeddingModel(name), examples: training))
            case .llm(let name):
                strategies.append(LabelScoringStrategy(model: try models.languageModel(name), swarm: spec, examples: training))
            }
        }
        router = Router(spec: spec.router, strategies: strategies, domains: spec.domains.map(\.name))

        var specialists: [String: Specialist] = [:]
        for specialist in spec.specialists {
            let model = try models.languageModel(specialist.model)
            specialists[specialist.name] = try Specialist(spec: specialist, model: model,
                                                      contextLength: ModelPool.contextLength(specialist.model, spec: spec, model: model),
                                                      draft: try specialist.draft.map { try models.languageModel($0) })
        }
        self.specialists = specialists
        auditor = try spec.auditor.map { auditor in
            let model = try models.languageModel(auditor.model)
            return Auditor(spec: auditor, model: model, contextLength: ModelPool.contextLength(auditor.model, spec: spec, model: model),
                           prompt: AuditPrompt(swarm: spec, auditor: auditor))
        }
        loadSeconds = Date().timeIntervalSince(started)
    }

    /// What the stored prompt prefixes of the specialists, their drafts and the auditor
    /// saved since the swarm loaded (a job's figure: one runtime runs one job).
    public var promptPrefixReuse: PromptPrefixCache.Counters {
        specialists.values.reduce(auditor?.prefixes.statistics ?? .init()) {
            $0 + $1.prefixes.statistics + ($1.draft?.prefixes?.statistics ?? .init())
        }
    }

    /// The specialist that answers `domain`.
    public func specialist(forDomain domain: String) -> Specialist? {
        spec.domain(named: domain).flatMap { specialists[$0.specialist] }
    }
}

extension SwarmRuntime {
    /// Routes one request (see `Router.route`).
    public func route(_ text: String, all: Bool = false) throws -> Route {
        try router.route(text, all: all)
    }
}
