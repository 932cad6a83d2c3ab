import Foundation
import Inference
import TOML

/// Reads and checks a swarm file. Every problem is collected with its
/// position; `load` throws them all at once, `check` returns them.
public enum SwarmSpecLoader {
    /// Loads `path`, throwing `SwarmSpecError` listing every error.
    public static func load(path: String) throws -> SwarmSpec {
        let (spec, diagnostics) = check(path: path)
        guard let spec, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw SwarmSpecError(diagnostics: diagnostics.filter { $0.severity == .error })
        }
        return spec
    }

    /// Parses and checks `path`: schema, value ranges, and references
    /// between sections. (Model files and policies are checked by `SwarmCheck`.)
    public static func check(path: String) -> (SwarmSpec?, [SwarmDiagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, [SwarmDiagnostic("cannot read swarm file \(path)", at: nil)])
        }
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: Array(data), file: path)
        } catch {
            return (nil, [SwarmDiagnostic(error.message, at: error.position)])
        }
        var reader = SwarmSpecReader(root: document.root, directory: (path as NSString).deletingLastPathComponent, file: path)
        let spec = reader.read()
        return (spec, reader.collector.diagnostics)
    }
}

/// The reading itself: one method per section.
struct SwarmSpecReader {
    let root: TOMLTable
    let directory: String
    let file: String
    var collector = DiagnosticCollector()

    static let topLevelKeys = ["name", "description", "policy", "examples", "models", "domains", "router", "specialists", "auditor", "input", "costs"]

    mutating func read() -> SwarmSpec {
        collector.rejectUnknownKeys(root, known: Self.topLevelKeys)
        let name = collector.attempt { try root.string("name", default: (file as NSString).lastPathComponent) } ?? ""
        let description = collector.attempt { try root.string("description", default: "") } ?? ""
        let policy = collector.attempt { try root.string("policy", default: "") }.flatMap { $0.isEmpty ? nil : resolve($0) }
        let examples = collector.attempt { try root.string("examples", default: "") }.flatMap { $0.isEmpty ? nil : resolve($0) }
        let models = readModels()
        let specialists = readSpecialists()
        let domains = readDomains()
        let router = readRouter(domains: domains)
        let auditor = readAuditor()
        let input = readInput()
        var spec = SwarmSpec(file: file, name: name, description: description, models: models, domains: domains,
                             router: router, specialists: specialists, auditor: auditor, policyPath: policy,
                             examplesPath: examples, input: input)
        spec.costs = readCosts()
        checkReferences(&spec)
        return spec
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (directory.isEmpty ? path : directory + "/" + path)
    }

    // MARK: - Sections

    mutating func readModels() -> [ModelSpec] {
        guard let table = collector.attempt({ try root.table("models") }) else { return [] }
        var models: [ModelSpec] = []
        for entry in table.entries {
            guard let model = entry.value.table else {
                collector.error("models.\(entry.key) must be a table like { path = \"...\" }", at: entry.value.position)
                continue
            }
            collector.rejectUnknownKeys(model, known: ["path", "kind", "context", "threads"])
            guard let path = collector.attempt({ try model.string("path") }) else { continue }
            let kindText = collector.attempt { try model.string("kind", default: "generative") } ?? "generative"
            let kind = ModelSpec.Kind(rawValue: kindText)
            if kind == nil {
                collector.error("\(model.path(of: "kind")) must be 'generative' or 'embedding'", at: model["kind"]?.position)
            }
            let context = collector.attempt { try model.integer("context", default: 2048) } ?? 2048
            if !(64...131_072).contains(context) {
                collector.error("\(model.path(of: "context")) must be between 64 and 131072 tokens", at: model["context"]?.position)
            }
            var threads: Int?
            if model["threads"] != nil, let value = collector.attempt({ try model.integer("threads") }) {
                if (1...256).contains(value) {
                    threads = Int(value)
                } else {
                    collector.error("\(model.path(of: "threads")) must be between 1 and 256", at: model["threads"]?.position)
                }
            }
            models.append(ModelSpec(name: entry.key, path: resolve(path), kind: kind ?? .generative,
                                    context: Int(context), threads: threads, position: entry.keyPosition))
        }
        if models.isEmpty { collector.error("[models] must name at least one model", at: table.position) }
        return models
    }

    mutating func readDomains() -> [DomainSpec] {
        guard let list = collector.attempt({ try root.array("domains") }) else { return [] }
        var domains: [DomainSpec] = []
        for (index, value) in list.enumerated() {
            guard let table = value.table else {
                collector.error("domains[\(index)] must be a table ([[domains]])", at: value.position)
                continue
            }
            collector.rejectUnknownKeys(table, known: ["name", "description", "specialist", "examples", "keywords", "patterns"])
            guard let name = collector.attempt({ try table.string("name") }) else { continue }
            if !isIdentifier(name) {
                collector.error("domain name '\(name)' must be letters, digits, '_' or '-'", at: table["name"]?.position)
            }
            if domains.contains(where: { $0.name == name }) {
                collector.error("domain '\(name)' is defined twice", at: table["name"]?.position)
            }
            let domain = DomainSpec(
                name: name,
                description: collector.attempt { try table.string("description", default: "") } ?? "",
                specialist: collector.attempt { try table.string("specialist", default: name) } ?? name,
                examples: collector.attempt { table["examples"] == nil ? [] : try table.strings("examples") } ?? [],
                keywords: collector.attempt { table["keywords"] == nil ? [] : try table.strings("keywords") } ?? [],
                patterns: collector.attempt { table["patterns"] == nil ? [] : try table.strings("patterns") } ?? [],
                position: table.position)
            for (i, pattern) in domain.patterns.enumerated() where (try? NSRegularExpression(pattern: pattern)) == nil {
                let position = table["patterns"]?.array?[i].position
                collector.error("domains.\(name).patterns[\(i)]: '\(pattern)' is not a valid regular expression", at: position)
            }
            domains.append(domain)
        }
        if domains.count < 2 { collector.error("a swarm needs at least two [[domains]]", at: root["domains"]?.position) }
        return domains
    }

    mutating func readRouter(domains: [DomainSpec]) -> RouterSpec {
        var spec = RouterSpec(strategies: [.rules, .classifier], minConfidence: 0.6, minMargin: 0.1,
                              outOfScope: .review, strategyConfidence: [:])
        guard root["router"] != nil, let table = collector.attempt({ try root.table("router") }) else { return spec }
        collector.rejectUnknownKeys(table, known: ["strategies", "min_confidence", "min_margin", "out_of_scope",
                                                   "fallback_domain", "refusal", "embedding_model", "llm_model", "confidence",
                                                   "min_similarity", "confident_similarity"])
        let embeddingModel = collector.attempt { try table.string("embedding_model", default: "") } ?? ""
        let llmModel = collector.attempt { try table.string("llm_model", default: "") } ?? ""
        if let names = collector.attempt({ table["strategies"] == nil ? nil : try table.strings("strategies") }) ?? nil {
            spec.strategies = []
            for (i, name) in names.enumerated() {
                let position = table["strategies"]?.array?[i].position
                switch name {
                case "rules": spec.strategies.append(.rules)
                case "classifier": spec.strategies.append(.classifier)
                case "embedding":
                    if embeddingModel.isEmpty { collector.error("strategy 'embedding' needs router.embedding_model", at: position) }
                    spec.strategies.append(.embedding(model: embeddingModel))
                case "llm":
                    if llmModel.isEmpty { collector.error("strategy 'llm' needs router.llm_model", at: position) }
                    spec.strategies.append(.llm(model: llmModel))
                default:
                    collector.error("router.strategies[\(i)]: unknown strategy '\(name)'; expected rules, classifier, embedding or llm", at: position)
                }
            }
            if spec.strategies.isEmpty { collector.error("router.strategies must list at least one strategy", at: table["strategies"]?.position) }
        }
        spec.minConfidence = probability(table, "min_confidence", default: spec.minConfidence)
        spec.minMargin = probability(table, "min_margin", default: spec.minMargin)
        // The embedding's similarity cut-offs: meaningless without the embedding strategy.
        for (key, cut) in [("min_similarity", \RouterSpec.minSimilarity), ("confident_similarity", \.confidentSimilarity)]
        where table[key] != nil {
            spec[keyPath: cut] = probability(table, key, default: 0)
            if !spec.strategies.contains(where: { $0.name == "embedding" }) {
                collector.error("router.\(key) needs the 'embedding' strategy in router.strategies", at: table[key]?.position)
            }
        }
        if let overrides = collector.attempt({ table["confidence"] == nil ? nil : try table.table("confidence") }) ?? nil {
            collector.rejectUnknownKeys(overrides, known: ["rules", "classifier", "embedding", "llm"])
            for entry in overrides.entries {
                spec.strategyConfidence[entry.key] = probability(overrides, entry.key, default: spec.minConfidence)
            }
        }
        let mode = collector.attempt { try table.string("out_of_scope", default: "review") } ?? "review"
        switch mode {
        case "review": spec.outOfScope = .review
        case "refuse":
            let message = collector.attempt { try table.string("refusal", default: "Sorry, I can't help with that request.") } ?? ""
            spec.outOfScope = .refuse(message: message)
        case "fallback":
            let domain = collector.attempt { try table.string("fallback_domain") } ?? ""
            if !domain.isEmpty, !domains.contains(where: { $0.name == domain }) {
                collector.error("router.fallback_domain '\(domain)' is not a domain", at: table["fallback_domain"]?.position)
            }
            spec.outOfScope = .fallback(domain: domain)
        default:
            collector.error("router.out_of_scope must be one of review, refuse, fallback; found '\(mode)'", at: table["out_of_scope"]?.position)
        }
        return spec
    }

    mutating func readSpecialists() -> [SpecialistSpec] {
        guard let table = collector.attempt({ try root.table("specialists") }) else { return [] }
        var specialists: [SpecialistSpec] = []
        for entry in table.entries {
            guard let s = entry.value.table else {
                collector.error("specialists.\(entry.key) must be a table", at: entry.value.position)
                continue
            }
            collector.rejectUnknownKeys(s, known: ["model", "system", "examples", "max_tokens", "temperature", "top_k", "top_p", "repeat_penalty", "seed", "stop", "schema", "draft", "draft_tokens"])
            var examples: [SpecialistSpec.Example] = []
            let exampleValues: [TOMLValue] = collector.attempt({ s["examples"] == nil ? [] : try s.array("examples") }) ?? []
            for (i, value) in exampleValues.enumerated() {
                guard let example = value.table,
                      let user = collector.attempt({ try example.string("user") }),
                      let assistant = collector.attempt({ try example.string("assistant") }) else {
                    if value.table == nil { collector.error("specialists.\(entry.key).examples[\(i)] must be { user = \"…\", assistant = \"…\" }", at: value.position) }
                    continue
                }
                examples.append(.init(user: user, assistant: assistant))
            }
            let maxTokens = collector.attempt { try s.integer("max_tokens", default: 256) } ?? 256
            if !(1...8192).contains(maxTokens) { collector.error("\(s.path(of: "max_tokens")) must be between 1 and 8192", at: s["max_tokens"]?.position) }
            let temperature = collector.attempt { try s.double("temperature", default: 0) } ?? 0
            if !(0...5).contains(temperature) { collector.error("\(s.path(of: "temperature")) must be between 0 and 5", at: s["temperature"]?.position) }
            let repeatPenalty = collector.attempt { try s.double("repeat_penalty", default: 1) } ?? 1
            if !(1...5).contains(repeatPenalty) {
                collector.error("\(s.path(of: "repeat_penalty")) must be between 1 (off) and 5", at: s["repeat_penalty"]?.position)
            }
            let draftRange = SpeculativeDraft.tokenRange
            let defaultDraftTokens = Int64(SpeculativeDraft.defaultTokens)
            let draftTokens = collector.attempt { try s.integer("draft_tokens", default: defaultDraftTokens) } ?? defaultDraftTokens
            if !draftRange.contains(Int(draftTokens)) {
                collector.error("\(s.path(of: "draft_tokens")) must be between \(draftRange.lowerBound) and \(draftRange.upperBound)",
                                at: s["draft_tokens"]?.position)
            }
            if s["draft_tokens"] != nil, s["draft"] == nil {
                collector.error("\(s.path(of: "draft_tokens")) needs a draft model (draft = \"…\")", at: s["draft_tokens"]?.position)
            }
            let topK = collector.attempt { try s.integer("top_k", default: 0) } ?? 0
            if topK < 0 { collector.error("\(s.path(of: "top_k")) must be 0 (off) or positive", at: s["top_k"]?.position) }
            var schema: String?
            if let value = s["schema"] {
                if let text = value.string {
                    schema = text
                } else if let inline = value.table {
                    schema = TOMLValue(.table(inline), position: value.position).jsonText
                } else {
                    collector.error("\(s.path(of: "schema")) must be a JSON schema as a string or an inline table", at: value.position)
                }
                if let text = schema {
                    do {
                        _ = try JSONSchema(json: text)
                    } catch {
                        collector.error("\(s.path(of: "schema")) cannot be enforced: \(error)", at: value.position)
                    }
                    if s["stop"] != nil {
                        collector.error("\(s.path(of: "stop")): stop strings cannot be combined with a schema (they would cut the JSON)", at: s["stop"]?.position)
                    }
                }
            }
            specialists.append(SpecialistSpec(
                name: entry.key,
                model: collector.attempt { try s.string("model") } ?? "",
                system: collector.attempt { try s.string("system", default: "") } ?? "",
                examples: examples,
                maxTokens: Int(maxTokens),
                temperature: temperature,
                topK: Int(topK),
                topP: probability(s, "top_p", default: 1),
                repeatPenalty: repeatPenalty,
                seed: UInt64(clamping: collector.attempt { try s.integer("seed", default: 0) } ?? 0),
                stop: collector.attempt { s["stop"] == nil ? [] : try s.strings("stop") } ?? [],
                schemaJSON: schema,
                draft: collector.attempt { s["draft"] == nil ? nil : try s.string("draft") } ?? nil,
                draftTokens: Int(draftTokens),
                position: entry.keyPosition))
        }
        return specialists
    }

    mutating func readAuditor() -> AuditorSpec? {
        guard root["auditor"] != nil, let table = collector.attempt({ try root.table("auditor") }) else { return nil }
        collector.rejectUnknownKeys(table, known: ["model", "rubric", "method", "threshold"])
        let methodText = collector.attempt { try table.string("method", default: "yes_no") } ?? "yes_no"
        let method = AuditorSpec.Method(rawValue: methodText)
        if method == nil {
            collector.error("auditor.method must be 'yes_no' or 'scale'; found '\(methodText)'", at: table["method"]?.position)
        }
        return AuditorSpec(
            model: collector.attempt { try table.string("model") } ?? "",
            rubric: collector.attempt { try table.string("rubric") } ?? "",
            method: method ?? .yesNo,
            threshold: table["threshold"] == nil ? nil : probability(table, "threshold", default: 0.5),
            position: table.position)
    }

    /// `[costs]`, checked as a policy file's `[costs]` is.
    mutating func readCosts() -> PolicySpec.CostRules {
        guard root["costs"] != nil, let table = collector.attempt({ try root.table("costs") }) else { return PolicySpec.CostRules() }
        do {
            return try PolicySpec.CostRules(table: table)
        } catch {
            if case .invalid(let problems) = error { problems.forEach { collector.record($0) } }
            return PolicySpec.CostRules()
        }
    }

    mutating func readInput() -> InputMappingSpec? {
        guard root["input"] != nil, let table = collector.attempt({ try root.table("input") }) else { return nil }
        collector.rejectUnknownKeys(table, known: ["format", "id", "text"])
        let format = collector.attempt { try table.string("format", default: "") } ?? ""
        let id = collector.attempt { try table.string("id", default: "") } ?? ""
        let text = collector.attempt { table["text"] == nil ? [] : try table.strings("text") } ?? []
        return InputMappingSpec(format: format.isEmpty ? nil : format, idField: id.isEmpty ? nil : id, textFields: text)
    }

    // MARK: - Cross references

    mutating func checkReferences(_ spec: inout SwarmSpec) {
        let modelNames = spec.models.map(\.name)
        func requireModel(_ name: String, kind: ModelSpec.Kind, what: String, at position: TOMLPosition?) {
            guard let model = spec.model(named: name) else {
                collector.error("\(what) refers to model '\(name)', which is not in [models] (\(modelNames.joined(separator: ", ")))", at: position)
                return
            }
            if model.kind != kind {
                collector.error("\(what) needs a \(kind.rawValue) model, but '\(name)' is \(model.kind.rawValue)", at: position)
            }
        }
        for domain in spec.domains where spec.specialist(named: domain.specialist) == nil {
            collector.error("domain '\(domain.name)' names specialist '\(domain.specialist)', which is not in [specialists]", at: domain.position)
        }
        for specialist in spec.specialists {
            requireModel(specialist.model, kind: .generative, what: "specialists.\(specialist.name).model", at: specialist.position)
            if let draft = specialist.draft {
                requireModel(draft, kind: .generative, what: "specialists.\(specialist.name).draft", at: specialist.position)
            }
        }
        if let auditor = spec.auditor {
            requireModel(auditor.model, kind: .generative, what: "auditor.model", at: auditor.position)
            if auditor.rubric.isEmpty { collector.error("auditor.rubric must say what a good answer is", at: auditor.position) }
        }
        let routerPosition = root["router"]?.position
        for strategy in spec.router.strategies {
            switch strategy {
            case .embedding(let model) where !model.isEmpty:
                requireModel(model, kind: .embedding, what: "router.embedding_model", at: routerPosition)
            case .llm(let model) where !model.isEmpty:
                requireModel(model, kind: .generative, what: "router.llm_model", at: routerPosition)
            default: break
            }
        }
        if spec.router.strategies.contains(.classifier) || spec.router.strategies.contains(where: { $0.name == "embedding" }),
           spec.examplesPath == nil, spec.domains.contains(where: { $0.examples.isEmpty }) {
            collector.error("the classifier and embedding strategies learn from examples: give every domain `examples` or set a top-level `examples` file",
                            at: routerPosition)
        }
    }

    // MARK: - Values

    mutating func probability(_ table: TOMLTable, _ key: String, default fallback: Double) -> Double {
        guard let value = collector.attempt({ try table.double(key, default: fallback) }) else { return fallback }
        guard (0...1).contains(value) else {
            collector.error("\(table.path(of: key)) must be between 0 and 1", at: table[key]?.position)
            return fallback
        }
        return value
    }

    func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" }
    }
}
