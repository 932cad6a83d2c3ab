import Foundation
import Swarm

/// Loads a swarm for `route`, `run` and `batch`: the checked spec, its
/// labelled examples, and the runtime.
enum SwarmLoading {
    static func load(path: String) throws -> SwarmRuntime {
        let spec = try SwarmSpecLoader.load(path: path)
        let examples = try spec.examplesPath.map(ExampleFile.load) ?? []
        return try SwarmRuntime(spec: spec, examples: examples)
    }
}

/// Labelled examples from a JSON-lines file (`{"text": …, "domain": …}`).
enum ExampleFile {
    static func load(_ path: String) throws -> [LabelledExample] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.failed("cannot read examples file \(path)")
        }
        if path.hasSuffix(".csv") { return [] }
        var examples: [LabelledExample] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let text = object["text"] as? String, let domain = object["domain"] as? String else {
                throw CLIError.failed("\(path):\(index + 1): expected {\"text\": \"…\", \"domain\": \"…\"}")
            }
            if (object["split"] as? String) == "eval" { continue }
            examples.append(LabelledExample(text: text, domain: domain))
        }
        return examples
    }
}
