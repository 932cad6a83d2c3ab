import Foundation
import Inference

/// `apiary check`: the spec's own checks plus everything outside the file —
/// model files exist and their headers load, the examples file exists.
public enum SwarmCheck {
    public static func run(path: String) -> (SwarmSpec?, [SwarmDiagnostic]) {
        var (spec, diagnostics) = SwarmSpecLoader.check(path: path)
        guard let spec else { return (nil, diagnostics) }
        for model in spec.models {
            switch model.kind {
            case .generative:
                do {
                    let file = try GGUFFile(contentsOf: model.path)
                    _ = try HyperParameters(metadata: file.metadata)
                    _ = try Tokenizer(metadata: file.metadata)
                } catch {
                    diagnostics.append(SwarmDiagnostic("models.\(model.name): \(error)", at: model.position))
                }
            case .embedding:
                for name in ["config.json", "model.safetensors", "vocab.txt"] {
                    let file = model.path + "/" + name
                    if !FileManager.default.fileExists(atPath: file) {
                        diagnostics.append(SwarmDiagnostic("models.\(model.name): \(file) is missing (an embedding model is a directory with config.json, model.safetensors and vocab.txt)", at: model.position))
                    }
                }
            }
        }
        if let policy = spec.policyPath {
            do {
                _ = try PolicySpec.load(contentsOf: policy)
            } catch {
                // Policy problems already carry their own file:line:column.
                diagnostics += error.problems.map { SwarmDiagnostic($0, at: nil) }
            }
        }
        if let examples = spec.examplesPath, !FileManager.default.fileExists(atPath: examples) {
            diagnostics.append(SwarmDiagnostic("examples file \(examples) does not exist", at: nil))
        }
        return (spec, diagnostics)
    }
}
