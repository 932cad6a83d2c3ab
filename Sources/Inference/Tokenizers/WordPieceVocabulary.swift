import Foundation

extension Tokenizer {
    /// A BERT WordPiece tokenizer from a Hugging Face `vocab.txt` (one token per
    /// line, continuations written "##x"), as used by sentence-embedding models
    /// such as all-MiniLM-L6-v2: `[CLS] … [SEP]` around the text (MPNet's
    /// `<s> … </s>`: `classToken`, `separatorToken`), lowercasing and accent
    /// stripping when `lowercase` (uncased models). `specialTokens` (the BERT
    /// names, and the file's own special tokens) are control tokens, kept verbatim.
    public init(wordPieceVocabularyAt path: String, lowercase: Bool = true,
                classToken: String = "[CLS]", separatorToken: String = "[SEP]",
                specialTokens: Set<String> = []) throws(TokenizerError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TokenizerError.vocabularyFile(path: path, line: 0, message: "cannot read: \(error.localizedDescription)")
        }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { throw TokenizerError.vocabularyFile(path: path, line: 1, message: "the vocabulary is empty") }
        var texts: [[UInt8]] = []
        var attributes: [TokenAttributes] = []
        let specialNames = specialTokens.union(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", classToken, separatorToken])
        for (number, line) in lines.enumerated() {
            guard !line.isEmpty else { throw TokenizerError.vocabularyFile(path: path, line: number + 1, message: "empty token") }
            // llama.cpp's GGUF convention: "▁" marks a word's first piece, "##" is dropped.
            let text: String
            if specialNames.contains(line) || line.hasPrefix("[") && line.hasSuffix("]") { text = line }
            else if line.hasPrefix("##") { text = String(line.dropFirst(2)) }
            else { text = "\u{2581}" + line }
            texts.append(Array(text.utf8))
            attributes.append(specialNames.contains(line) ? .control : .normal)
        }
        let vocabulary = Vocabulary(texts: texts, scores: nil, attributes: attributes)
        var specials = SpecialTokens()
        specials.bos = vocabulary.id(of: classToken)
        specials.separator = vocabulary.id(of: separatorToken)
        specials.unknown = vocabulary.id(of: "[UNK]")
        specials.padding = vocabulary.id(of: "[PAD]")
        specials.addBOS = specials.bos != nil
        specials.addSeparator = specials.separator != nil
        guard specials.unknown != nil else { throw TokenizerError.vocabularyFile(path: path, line: 0, message: "no [UNK] token") }
        self.init(kind: .wordPiece, vocabulary: vocabulary, algorithm: .wordPiece(WordPiece(lowercase: lowercase, stripAccents: lowercase)), specials: specials)
    }
}
