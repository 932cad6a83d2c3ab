import Batch
import Foundation
import Swarm

/// Loads a swarm for `route`, `run` and `batch`: the checked spec, its
/// labelled examples (read with the ticket-export readers), and the runtime.
enum SwarmLoading {
    static func load(path: String) throws -> SwarmRuntime {
        try load(spec: SwarmSpecLoader.load(path: path))
    }

    static func load(spec: SwarmSpec) throws -> SwarmRuntime {
        let examples = try spec.examplesPath.map { try LabelledExampleFile.load(path: $0, input: spec.input) } ?? []
        return try SwarmRuntime(spec: spec, examples: examples)
    }
}
