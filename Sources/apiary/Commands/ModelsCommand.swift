import Foundation
import Inference

/// `apiary models inspect FILE [--json]`
enum ModelsCommand: Command {
    static let name = "models"
    static let summary = "Inspect model files (architecture, size, tensor types, tokenizer)"
    static let help = """
    Usage: apiary models inspect FILE [--json]

    Reads a GGUF file's header (without loading weights) and prints its
    architecture, parameter count, tensor-type histogram, context length,
    vocabulary size, tokenizer kind and whether it carries a chat template.
    A damaged file is reported with the byte offset and field that are wrong.

    Options:
      --json    print one JSON object instead of text

    Example:
      apiary models inspect models/SmolLM2-135M-Instruct.Q4_1.gguf
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let words = try arguments.positionals()
        guard words.first == "inspect" else {
            throw CLIError.usage(words.isEmpty ? "missing subcommand (expected 'inspect')" : "unknown subcommand '\(words[0])' (expected 'inspect')")
        }
        guard words.count == 2 else { throw CLIError.usage("expected one FILE after 'inspect'") }
        let summary = GGUFSummary(file: try GGUFFile(contentsOf: words[1]))
        if json {
            try Output.json(jsonObject(summary))
        } else {
            Output.write(text(summary))
        }
        return 0
    }

    private static func jsonObject(_ s: GGUFSummary) -> [String: Any] {
        func orNull(_ value: Any?) -> Any { value ?? NSNull() }
        return [
            "path": s.path,
            "file_bytes": s.fileBytes,
            "gguf_version": Int(s.version),
            "architecture": orNull(s.architecture),
            "architecture_supported": s.architectureSupported,
            "name": orNull(s.name),
            "parameters": s.parameterCount,
            "tensor_types": s.tensorTypes.map { ["type": $0.type.description, "tensors": $0.tensors, "bytes": $0.bytes] },
            "context_length": orNull(s.contextLength),
            "embedding_length": orNull(s.embeddingWidth),
            "block_count": orNull(s.layerCount),
            "vocab_size": orNull(s.vocabularySize),
            "tokenizer": orNull(s.tokenizerModel),
            "pre_tokenizer": orNull(s.preTokenizer),
            "chat_template": s.hasChatTemplate,
        ]
    }

    private static func text(_ s: GGUFSummary) -> String {
        func show(_ value: Any?) -> String { value.map { "\($0)" } ?? "-" }
        var lines = [
            "file            \(s.path) (\(Format.bytes(s.fileBytes)), GGUF v\(s.version))",
            "architecture    \(show(s.architecture))\(s.architectureSupported ? "" : " (not supported for generation)")",
            "name            \(show(s.name))",
            "parameters      \(Format.count(s.parameterCount))",
            "context length  \(show(s.contextLength))",
            "embedding       \(show(s.embeddingWidth)) wide, \(show(s.layerCount)) layers",
            "vocabulary      \(show(s.vocabularySize)) tokens",
            "tokenizer       \(show(s.tokenizerModel))\(s.preTokenizer.map { " (pre-tokenizer \($0))" } ?? "")",
            "chat template   \(s.hasChatTemplate ? "yes" : "no")",
            "tensor types",
        ]
        for entry in s.tensorTypes {
            lines.append("  " + entry.type.description.padding(toLength: 6, withPad: " ", startingAt: 0)
                + Format.leftPadded(String(entry.tensors), 5) + " tensors  " + Format.leftPadded(Format.bytes(entry.bytes), 10))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
