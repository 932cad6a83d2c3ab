import Foundation
import XCTest

/// The `toml-test-decoder` executable as the toml-test harness runs it: TOML on stdin, tagged
/// JSON on stdout and exit 0, or an error on stderr and exit 1.
final class TOMLTestDecoderTests: XCTestCase {
    func testDecoderPrintsTaggedJSONForValidInput() throws {
        let suite = try TOMLTestSuite()
        for name in ["valid/example", "valid/datetime/milliseconds", "valid/float/inf-and-nan"] {
            let testCase = try XCTUnwrap(suite.cases.first { $0.name == name }, "case \(name) not in the suite")
            let run = try runDecoder(stdin: testCase.toml)
            XCTAssertEqual(run.status, 0, "\(name): \(run.stderr)")
            let expected = try Data(contentsOf: try XCTUnwrap(testCase.expectedJSON))
            XCTAssertNil(TaggedJSONComparison.difference(expected: expected, actual: run.stdout), name)
        }
    }

    func testDecoderExitsOneWithPositionedErrorForInvalidInput() throws {
        let suite = try TOMLTestSuite()
        for name in ["invalid/table/duplicate-key-01", "invalid/encoding/bad-utf8-in-string"] {
            let testCase = try XCTUnwrap(suite.cases.first { $0.name == name }, "case \(name) not in the suite")
            let run = try runDecoder(stdin: testCase.toml)
            XCTAssertEqual(run.status, 1, name)
            XCTAssertTrue(run.stdout.isEmpty, name)
            XCTAssertTrue(run.stderr.hasPrefix("<stdin>:"), "\(name): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(": error: "), "\(name): \(run.stderr)")
        }
    }

    private func runDecoder(stdin: URL) throws -> (status: Int32, stdout: Data, stderr: String) {
        let executable = Self.productsDirectory.appendingPathComponent("toml-test-decoder")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            XCTFail("toml-test-decoder not built at \(executable.path); run `swift build --product toml-test-decoder`")
            throw CocoaError(.fileNoSuchFile)
        }
        let process = Process()
        process.executableURL = executable
        process.standardInput = try FileHandle(forReadingFrom: stdin)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Outputs are small; read both fully before waiting.
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }

    /// The build products directory: where the test bundle is.
    private static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }
}
