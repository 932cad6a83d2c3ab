import Foundation
import Inference

/// `apiary tokenize FILE [TEXT | -]`: shows how a model's tokenizer splits text.
enum TokenizeCommand: Command {
    static let name = "tokenize"
    static let summary = "Show the token ids and pieces a model's tokenizer makes of a text"
    static let help = """
    Usage: apiary tokenize FILE [TEXT | -] [--json] [--add-special] [--parse-special]

    Tokenizes TEXT with the tokenizer stored in the GGUF model FILE and prints one
    line per token: its id and its piece (the text it stands for, in quotes, with
    control characters escaped and bytes of a split UTF-8 character shown as \\xNN),
    then the number of tokens. With '-' or no TEXT the text is read from standard
    input byte for byte (a trailing newline is part of the text; bytes that are
    not UTF-8 become U+FFFD, as in llama.cpp).

    By default no special tokens are added or parsed, as in llama.cpp's tokenizer
    tests: '<|im_start|>' written in the text is tokenized as ordinary characters.

    Options:
      --add-special     add the tokens the model's metadata asks for around the text
                        (BOS, and EOS where configured; [CLS] … [SEP] for BERT)
      --parse-special   recognise special tokens written in the text
      --json            print one object: {"ids": [...], "pieces": [...]}
      -h, --help        show this help

    Examples:
      apiary tokenize models/SmolLM2-135M-Instruct.Q4_1.gguf "Hello world"
      printf '<|im_start|>user\\nHi<|im_end|>\\n' | apiary tokenize models/SmolLM2-135M-Instruct.Q4_1.gguf - --parse-special
      apiary tokenize models/gemma-3-270m-q4_k_m.gguf "Grüße 👋" --add-special --json
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let addSpecial = arguments.flag("--add-special")
        let parseSpecial = arguments.flag("--parse-special")
        let positionals = try arguments.positionals()
        try arguments.finish()
        guard let path = positionals.first else { throw CLIError.usage("missing the model FILE") }
        guard positionals.count <= 2 else {
            throw CLIError.usage("expected FILE and at most one TEXT (quote the text, or use '-' to read standard input)")
        }
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError.failed("no such file: \(path)") }
        let tokenizer = try Tokenizer(metadata: try GGUFFile(contentsOf: path).metadata)
        let text: String
        if positionals.count == 2 && positionals[1] != "-" {
            text = positionals[1]
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let ids = tokenizer.encode(text, addSpecial: addSpecial, parseSpecial: parseSpecial)
        if json {
            // Typed first: closures inside an `Any` literal would infer a Void result.
            let numbers: [Int] = ids.map { Int($0) }
            let pieces: [String] = ids.map { tokenizer.piece($0) }
            try Output.json(["ids": numbers, "pieces": pieces])
            return 0
        }
        let width = String(max(tokenizer.vocabularySize - 1, 0)).count
        var lines = ""
        for id in ids {
            let number = String(id)
            lines += String(repeating: " ", count: max(0, width - number.count)) + number + "  "
            lines += displayPiece(tokenizer.pieceBytes(id, special: true)) + "\n"
        }
        Output.write(lines)
        Output.line("\(ids.count) token\(ids.count == 1 ? "" : "s")")
        return 0
    }

    /// The piece in quotes with control characters escaped, and bytes that are not
    /// UTF-8 on their own (half an emoji) as \xNN.
    private static func displayPiece(_ bytes: [UInt8]) -> String {
        var out = "'"
        var i = 0
        while i < bytes.count {
            guard let (character, length) = character(in: bytes, at: i) else {
                out += String(format: "\\x%02X", bytes[i])
                i += 1
                continue
            }
            for scalar in character.unicodeScalars {
                switch scalar {
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                case "\\": out += "\\\\"
                case "'": out += "\\'"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\u{%X}", scalar.value) }
                    else { out.unicodeScalars.append(scalar) }
                }
            }
            i += length
        }
        return out + "'"
    }

    /// The valid UTF-8 sequence starting at `i` and its length, or nil.
    private static func character(in bytes: [UInt8], at i: Int) -> (String, Int)? {
        let length: Int
        switch bytes[i] {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        guard i + length <= bytes.count, let text = String(validating: bytes[i..<(i + length)], as: UTF8.self) else { return nil }
        return (text, length)
    }
}
