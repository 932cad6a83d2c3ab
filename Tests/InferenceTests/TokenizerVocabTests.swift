import Foundation
import XCTest
@testable import Inference

/// llama.cpp's tokenizer test vocabularies (`ggml-vocab-*.gguf` with `.inp`
/// inputs and `.out` expected ids): every case must tokenize to exactly the ids
/// llama.cpp's test-tokenizer-0 expects, with no special tokens added or parsed.
final class TokenizerVocabTests: XCTestCase {
    struct VocabCase {
        var input: String
        var expected: [Int32]
    }

    /// Inputs are separated by "\n__ggml_vocab_test__\n" (the file ends with one);
    /// `.out` has one line of space-separated ids per input.
    static func readCases(_ gguf: URL) throws -> [VocabCase] {
        let inputText = String(decoding: try Data(contentsOf: URL(fileURLWithPath: gguf.path + ".inp")), as: UTF8.self)
        let outputText = String(decoding: try Data(contentsOf: URL(fileURLWithPath: gguf.path + ".out")), as: UTF8.self)
        var inputs: [String] = []
        var rest = inputText[...]
        while !rest.isEmpty {
            guard let separator = rest.range(of: "\n__ggml_vocab_test__\n") else {
                inputs.append(String(rest))
                break
            }
            inputs.append(String(rest[..<separator.lowerBound]))
            rest = rest[separator.upperBound...]
        }
        var lines = outputText.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard inputs.count == lines.count else {
            XCTFail("\(gguf.lastPathComponent): \(inputs.count) inputs but \(lines.count) output lines")
            return []
        }
        return zip(inputs, lines).map { input, line in
            VocabCase(input: input, expected: line.split(separator: " ").compactMap { Int32($0) })
        }
    }

    /// The shared test data's vocabularies and those `scripts/fetch-models` extracts
    /// from llama.cpp's tree into `models/vocab`; a file in both is run once when
    /// the copies are identical.
    static func vocabFiles() throws -> [URL] {
        let directories = [try TestPaths.testData().appendingPathComponent("vocab"), TestPaths.models.appendingPathComponent("vocab")]
        var files: [String: URL] = [:]
        var extra: [URL] = []
        for directory in directories {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
                XCTFail("\(directory.path) is missing: run scripts/fetch-models (make test does)")
                continue
            }
            let names = entries.filter { $0.hasPrefix("ggml-vocab-") && $0.hasSuffix(".gguf") }
            XCTAssertFalse(names.isEmpty, "no ggml-vocab-*.gguf in \(directory.path)")
            for name in names {
                let file = directory.appendingPathComponent(name)
                if let seen = files[name] {
                    if try !sameCases(seen, file) { extra.append(file) }
                } else {
                    files[name] = file
                }
            }
        }
        return (Array(files.values) + extra).sorted { ($0.lastPathComponent, $0.path) < ($1.lastPathComponent, $1.path) }
    }

    /// Whether two copies of a vocabulary and its cases are byte for byte the same.
    private static func sameCases(_ a: URL, _ b: URL) throws -> Bool {
        try ["", ".inp", ".out"].allSatisfy { suffix in
            try Data(contentsOf: URL(fileURLWithPath: a.path + suffix)) == Data(contentsOf: URL(fileURLWithPath: b.path + suffix))
        }
    }

    func testEveryCaseOfEveryVocabularyMatchesLlamaCpp() throws {
        var report: [String] = []
        var totalFailures = 0
        var totalCases = 0
        for file in try Self.vocabFiles() {
            let tokenizer = try Tokenizer(metadata: try GGUFFile(contentsOf: file.path).metadata)
            let cases = try Self.readCases(file)
            XCTAssertGreaterThan(cases.count, 30, file.lastPathComponent)
            var failures: [String] = []
            for testCase in cases {
                let ids = tokenizer.encode(testCase.input, addSpecial: false, parseSpecial: false)
                if ids != testCase.expected {
                    failures.append("  \(testCase.input.debugDescription)\n    got      \(ids)\n    expected \(testCase.expected)")
                }
            }
            totalCases += cases.count
            totalFailures += failures.count
            report.append("\(file.lastPathComponent): \(cases.count - failures.count)/\(cases.count) pass" +
                          (failures.isEmpty ? "" : "\n" + failures.prefix(5).joined(separator: "\n")))
        }
        print("vocabulary cases:\n" + report.joined(separator: "\n"))
        XCTAssertGreaterThan(totalCases, 0)
        XCTAssertEqual(totalFailures, 0, "\n" + report.joined(separator: "\n"))
    }

    /// Byte-level BPE and SentencePiece lose nothing: decoding the ids gives the text back.
    func testDecodeRoundTripsEveryCase() throws {
        var failures: [String] = []
        for file in try Self.vocabFiles() {
            let tokenizer = try Tokenizer(metadata: try GGUFFile(contentsOf: file.path).metadata)
            guard tokenizer.kind != .wordPiece else { continue }  // BERT lowercases and drops accents
            for testCase in try Self.readCases(file) {
                let decoded = tokenizer.decode(tokenizer.encode(testCase.input, addSpecial: true, parseSpecial: false))
                if Array(decoded.utf8) != Array(testCase.input.utf8) {
                    failures.append("\(file.lastPathComponent): \(testCase.input.debugDescription) → \(decoded.debugDescription)")
                }
            }
        }
        XCTAssert(failures.isEmpty, failures.prefix(10).joined(separator: "\n"))
    }
}
