import Inference

/// The swarm's models, each file loaded once however many roles use it.
public final class ModelPool: Sendable {
    private let generative: [String: LanguageModel]
    private let embedding: [String: SentenceEncoder]

    /// Loads every model of `spec`.
    public init(spec: SwarmSpec) throws {
        if let threads = spec.models.compactMap(\.threads).max() {
            ThreadPool.configureShared(threads: threads)
        }
        var byPath: [String: LanguageModel] = [:]
        var byName: [String: LanguageModel] = [:]
        for model in spec.models where model.kind == .generative {
            if let loaded = byPath[model.path] {
                byName[model.name] = loaded
                continue
            }
            do {
                let loaded = try LanguageModel(path: model.path)
                byPath[model.path] = loaded
                byName[model.name] = loaded
            } catch {
                throw SwarmRuntimeError.modelLoad(name: model.name, path: model.path, reason: "\(error)")
            }
        }
        generative = byName
        var encoders: [String: SentenceEncoder] = [:]
        for model in spec.models where model.kind == .embedding {
            do {
                encoders[model.name] = try SentenceEncoder(directory: model.path)
            } catch {
                throw SwarmRuntimeError.modelLoad(name: model.name, path: model.path, reason: "\(error)")
            }
        }
        embedding = encoders
    }

    /// The embedding model named `name` in [models].
    public func embeddingModel(_ name: String) throws -> SentenceEncoder {
        guard let model = embedding[name] else { throw SwarmRuntimeError.unknownModel(name) }
        return model
    }

    /// The generative model named `name` in [models].
    public func languageModel(_ name: String) throws -> LanguageModel {
        guard let model = generative[name] else { throw SwarmRuntimeError.unknownModel(name) }
        return model
    }

    /// Context size configured for a model, bounded by the model's own.
    static func contextLength(_ name: String, spec: SwarmSpec, model: LanguageModel) -> Int {
        min(spec.model(named: name)?.context ?? 2048, model.transformer.parameters.contextLength)
    }
}

/// Problems while running a swarm (after its file was checked).
public enum SwarmRuntimeError: Error, CustomStringConvertible, Sendable {
    case modelLoad(name: String, path: String, reason: String)
    case unknownModel(String)
    case examples(path: String, reason: String)
    case emptyRequest
    /// Even with the request cut to a few tokens the prompt exceeds the budget.
    case promptDoesNotFit(role: String, overhead: Int, budget: Int)
    case noAuditor(swarm: String)
    /// A specialist's draft model cannot draft for its model.
    case draft(specialist: String, reason: String)

    public var description: String {
        switch self {
        case .modelLoad(let name, let path, let reason): return "model '\(name)' (\(path)): \(reason)"
        case .unknownModel(let name): return "no generative model named '\(name)'"
        case .examples(let path, let reason): return "\(path): \(reason)"
        case .emptyRequest: return "the request is empty"
        case .promptDoesNotFit(let role, let overhead, let budget):
            return "the \(role)'s prompt needs \(overhead) tokens without the request, but only \(budget) fit its context; "
                + "shorten its system prompt or examples, or raise the model's context"
        case .noAuditor(let swarm): return "swarm '\(swarm)' has no [auditor]"
        case .draft(let specialist, let reason): return "specialists.\(specialist).draft: \(reason)"
        }
    }
}
