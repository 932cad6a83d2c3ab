import Foundation
import XCTest

/// Where tests find the demo models and the shared test data.
enum TestPaths {
    /// The package root (this file is Tests/InferenceTests/Support/TestPaths.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `models/` (or `$APIARY_MODELS`), filled by `scripts/fetch-models`.
    static var models: URL {
        if let dir = ProcessInfo.processInfo.environment["APIARY_MODELS"] { return URL(fileURLWithPath: dir) }
        return packageRoot.appendingPathComponent("models")
    }

    /// The path of a demo model; fails the test when it has not been fetched.
    static func model(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = models.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            XCTFail("model \(path) is missing: run scripts/fetch-models (make test does)", file: file, line: line)
            throw XCTSkip("missing model")
        }
        return path
    }

    static let smolLM2 = "SmolLM2-135M-Instruct.Q4_1.gguf"
    static let gemma3 = "gemma-3-270m-q4_k_m.gguf"
    static let qwen05 = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
    static let qwen15 = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"

    /// llama.cpp's shared test data: `$APIARY_TESTDATA`, else `../shared/testdata`
    /// beside the package, else `/work/shared/testdata`. Missing is a failure.
    static func testData(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        var candidates: [URL] = []
        if let dir = ProcessInfo.processInfo.environment["APIARY_TESTDATA"] { candidates.append(URL(fileURLWithPath: dir)) }
        candidates.append(packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata"))
        candidates.append(URL(fileURLWithPath: "/work/shared/testdata"))
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate
        }
        XCTFail("shared test data not found in \(candidates.map(\.path)); set APIARY_TESTDATA", file: file, line: line)
        throw XCTSkip("missing test data")
    }

    /// Committed fixtures of this test target.
    static let fixtures: URL = packageRoot.appendingPathComponent("Tests/InferenceTests/Fixtures")
}
