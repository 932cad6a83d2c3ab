import XCTest
@testable import Inference

/// Token masks against SmolLM2's real vocabulary, checked against a slow
/// reference that tries every token on its own.
final class ConstraintMaskTests: XCTestCase {
    nonisolated(unsafe) static var cachedTokenizer: Tokenizer?

    private func tokenizer() throws -> Tokenizer {
        if let tokenizer = Self.cachedTokenizer { return tokenizer }
        let file = try GGUFFile(contentsOf: try TestPaths.model(TestPaths.smolLM2))
        let tokenizer = try Tokenizer(metadata: file.metadata)
        Self.cachedTokenizer = tokenizer
        return tokenizer
    }

    private func allowedTokens(_ constraint: inout some GenerationConstraint, vocabularySize: Int) -> Set<Int32> {
        var logits = [Float](repeating: 0, count: vocabularySize)
        constraint.mask(&logits)
        return Set(logits.indices.filter { logits[$0] == 0 }.map(Int32.init))
    }

    private func endTokens(_ tokenizer: Tokenizer) -> Set<Int32> {
        Set((0 ..< Int32(tokenizer.vocabularySize)).filter(tokenizer.isEndOfGeneration))
    }

    func testChoiceMaskAllowsExactlyThePrefixesOfChoices() throws {
        let tokenizer = try tokenizer()
        let choices = ["billing", "technical", "account", "shipping"]
        var constraint = try ChoiceConstraint(choices: choices, tokenizer: tokenizer)
        var expected = Set<Int32>()
        for id in 0 ..< Int32(tokenizer.vocabularySize) where !tokenizer.isEndOfGeneration(id) {
            let piece = tokenizer.pieceBytes(id, special: false)
            if !piece.isEmpty, choices.contains(where: { Array($0.utf8).starts(with: piece) }) { expected.insert(id) }
        }
        XCTAssertEqual(allowedTokens(&constraint, vocabularySize: tokenizer.vocabularySize), expected)
        XCTAssertTrue(expected.contains(try XCTUnwrap(tokenizer.tokenID("tech"))))
        XCTAssertFalse(constraint.isComplete)
    }

    func testChoiceOfDigitsCompletesAndThenAllowsOnlyTheEnd() throws {
        let tokenizer = try tokenizer()
        var constraint = try ChoiceConstraint(choices: ["1", "2", "3", "4", "5"], tokenizer: tokenizer)
        let digits = Set(try (1 ... 5).map { try XCTUnwrap(tokenizer.tokenID(String($0))) })
        XCTAssertEqual(allowedTokens(&constraint, vocabularySize: tokenizer.vocabularySize), digits)
        let six = try XCTUnwrap(tokenizer.tokenID("6"))
        XCTAssertThrowsError(try constraint.accept(six)) { error in
            XCTAssertEqual("\(error)", "token \(six) \"6\" cannot continue the constrained output at byte 0")
        }
        let endToken = try XCTUnwrap(endTokens(tokenizer).first)
        XCTAssertThrowsError(try constraint.accept(endToken))
        try constraint.accept(try XCTUnwrap(tokenizer.tokenID("3")))
        XCTAssertTrue(constraint.isComplete)
        XCTAssertFalse(constraint.canContinue)
        XCTAssertEqual(allowedTokens(&constraint, vocabularySize: tokenizer.vocabularySize), endTokens(tokenizer))
    }

    func testEmptyChoiceListIsAnError() throws {
        XCTAssertThrowsError(try ChoiceConstraint(choices: [], tokenizer: try tokenizer())) { error in
            XCTAssertEqual("\(error)", "invalid choices: the list of choices is empty")
        }
    }

    /// The trie walk gives the same mask as feeding every token to its own copy of the matcher.
    func testJSONMaskMatchesTryingEveryToken() throws {
        let tokenizer = try tokenizer()
        let schema = try JSONSchema(json: JSONSchemaMatcherTests.ticket)
        let prefixes = [
            "", "{", "{\"cat", "{\"category\":\"billing\", ", "{\"category\":\"billing\",\"summary\":\"Card charged tw",
            "{\"summary\":\"" + String(repeating: "x", count: 78), "{\"summary\":\"caf\u{E9}", "{\"summary\":\"\\u00", "{\"urgent\":tr", "{\"urgent\":true,\"category\":\"technical\",\"summary\":\"ok\"",
        ]
        let ends = endTokens(tokenizer)
        for prefix in prefixes {
            var constraint = JSONSchemaConstraint(schema: schema, tokenizer: tokenizer)
            for token in tokenizer.encode(prefix, addSpecial: false, parseSpecial: false) { try constraint.accept(token) }
            var matcher = JSONSchemaMatcher(schema: schema)
            XCTAssertTrue(matcher.feed(prefix.utf8))
            var expected = Set<Int32>()
            for id in 0 ..< Int32(tokenizer.vocabularySize) {
                if ends.contains(id) {
                    if matcher.isComplete { expected.insert(id) }
                    continue
                }
                let piece = tokenizer.pieceBytes(id, special: false)
                var copy = matcher
                if !piece.isEmpty, copy.feed(piece) { expected.insert(id) }
            }
            let allowed = allowedTokens(&constraint, vocabularySize: tokenizer.vocabularySize)
            XCTAssertEqual(allowed, expected, "after \(prefix.debugDescription): \(allowed.symmetricDifference(expected).prefix(5).map { tokenizer.piece($0) })")
            XCTAssertFalse(allowed.isEmpty, prefix)
        }
    }

    func testJSONMaskAllowsTheEndOnlyWhenComplete() throws {
        let tokenizer = try tokenizer()
        var constraint = try JSONSchemaConstraint(schema: ["type": "object", "properties": ["ok": ["type": "boolean"]], "required": ["ok"]],
                                                  tokenizer: tokenizer)
        for token in tokenizer.encode("{\"ok\":false", addSpecial: false, parseSpecial: false) { try constraint.accept(token) }
        XCTAssertFalse(constraint.isComplete)
        XCTAssertTrue(allowedTokens(&constraint, vocabularySize: tokenizer.vocabularySize).isDisjoint(with: endTokens(tokenizer)))
        try constraint.accept(try XCTUnwrap(tokenizer.tokenID("}")))
        XCTAssertTrue(constraint.isComplete)
        XCTAssertFalse(constraint.canContinue)
        XCTAssertEqual(allowedTokens(&constraint, vocabularySize: tokenizer.vocabularySize), endTokens(tokenizer))
    }

    func testTokenTriePreorderSkipsWholeSubtrees() {
        let pieces = [Array("ab".utf8), Array("a".utf8), Array("b".utf8), [], Array("x".utf8), Array("ab".utf8)]
        // Token 3 renders as nothing and token 4 is left out: neither is in the trie.
        let trie = TokenTrie(pieces: pieces, ids: [0, 1, 2, 3, 5])
        XCTAssertEqual(Array(trie.bytes.dropFirst()), Array("abb".utf8))   // root, a, ab, b
        XCTAssertEqual(trie.depths, [0, 1, 2, 1])
        XCTAssertEqual(trie.subtreeEnds, [4, 3, 3, 4])
        XCTAssertEqual(trie.tokenStarts, [0, 0, 1, 3, 4])
        XCTAssertEqual(trie.tokens, [1, 0, 5, 2])
    }

    func testVocabularyIndexSeparatesPlainStringText() {
        let pieces: [[UInt8]] = [Array("ok".utf8), Array("é😀!".utf8), Array("a\"".utf8), Array("\\n".utf8), [0x0A], [0xC3], Array("x".utf8)]
        let index = VocabularyIndex(pieces: pieces, endOfGeneration: [6])
        XCTAssertEqual(index.plainTextTokens, [0, 1])        // by length in characters, not bytes (7)
        XCTAssertEqual(index.plainTextLengths, [2, 3])
        XCTAssertEqual(Set(index.otherThanPlainText.tokens), [2, 3, 4, 5])
        XCTAssertEqual(Set(index.all.tokens), [0, 1, 2, 3, 4, 5])
    }

    /// SentencePiece's decoder drops the leading space of the first token only; the constraint must agree.
    func testLeadingSpaceIsDroppedFromTheFirstTokenOnly() throws {
        let pieces: [[UInt8]] = [Array(" yes".utf8), Array("yes".utf8), Array(" ".utf8), Array("y".utf8), Array("es".utf8), []]
        let index = VocabularyIndex(pieces: pieces, endOfGeneration: [5], stripsLeadingSpace: true)
        var constraint = try ChoiceConstraint(choices: ["yes"], vocabulary: index)
        XCTAssertEqual(allowedTokens(&constraint, vocabularySize: pieces.count), [0, 1, 2, 3])
        try constraint.accept(2)
        XCTAssertEqual(allowedTokens(&constraint, vocabularySize: pieces.count), [1, 3])
        XCTAssertThrowsError(try constraint.accept(0))
        try constraint.accept(1)
        XCTAssertEqual(allowedTokens(&constraint, vocabularySize: pieces.count), [5])
    }
}
