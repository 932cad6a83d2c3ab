import Foundation

/// WordPiece (`tokenizer.ggml.model = bert`), as llama.cpp's `llm_tokenizer_wpm`:
/// BERT's basic tokenizer (lowercase, strip accents, split on whitespace,
/// punctuation and CJK ideographs, drop control characters), then greedy
/// longest-match per word. Vocabularies use llama.cpp's convention: a word's
/// first piece carries a "▁" prefix and continuations are bare (HF's "##x" is "x").
struct WordPiece: Sendable {
    var lowercase = true
    var stripAccents = true

    func encode(_ text: String, vocabulary: Vocabulary, unknown: Int32, into output: inout [Int32]) {
        for word in words(text) {
            var piece = SentencePieceBPE.spaceMarker
            piece.append(contentsOf: word.utf8)
            let start = output.count
            var i = 0
            var matchedWholeWord = true
            while i < piece.count {
                var j = min(piece.count, i + vocabulary.maxTokenLength + 1)
                var found: Int32? = nil
                while j > i {
                    if let id = vocabulary.id(of: piece[i..<j]) { found = id; break }
                    j -= 1
                }
                guard let id = found else { matchedWholeWord = false; break }
                output.append(id)
                i = j
            }
            // A word that cannot be covered completely is one unknown token.
            if !matchedWholeWord || output.count == start {
                output.removeSubrange(start...)
                output.append(unknown)
            }
        }
    }

    /// The basic tokenizer: normalised words and single-character punctuation/CJK words.
    func words(_ text: String) -> [String] {
        let source = stripAccents ? text.decomposedStringWithCanonicalMapping : text
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func finish() {
            if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
        }
        for scalar in source.unicodeScalars {
            let classes = CodepointClass.of(scalar)
            if classes.contains(.whitespace) { finish(); continue }
            if scalar.value == 0 || scalar.value == 0xFFFD || classes.contains(.control) { continue }
            if stripAccents && classes.contains(.mark) { continue }
            let normalized = lowercase ? (scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar) : scalar
            if classes.contains(.punctuation) || (scalar.value < 0x7F && classes.contains(.symbol)) || WordPiece.isCJK(scalar) {
                finish()
                current.append(normalized)
                finish()
            } else {
                current.append(normalized)
            }
        }
        finish()
        return words
    }

    /// CJK ideograph blocks, as BERT (and llama.cpp) define them.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
