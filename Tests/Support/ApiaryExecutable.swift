import Foundation
import XCTest

// Shared by the test targets that drive the `apiary` executable as a child process.

/// The built `apiary` executable, found next to the test bundle in the build
/// products directory (`swift test` builds it), or at `$APIARY_BIN`.
public func apiaryExecutable(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    var candidates: [URL] = []
    if let override = ProcessInfo.processInfo.environment["APIARY_BIN"] {
        candidates.append(URL(fileURLWithPath: override))
    }
    let bundle = Bundle.main.bundleURL
    candidates.append(bundle.appendingPathComponent("apiary"))
    candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("apiary"))
    for test in Bundle.allBundles where test.bundlePath.hasSuffix(".xctest") {
        candidates.append(test.bundleURL.deletingLastPathComponent().appendingPathComponent("apiary"))
    }
    if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
        return found
    }
    XCTFail("the apiary executable is missing; looked at \(candidates.map(\.path)). Run `swift build` first "
            + "(swift test builds it) or set APIARY_BIN.", file: file, line: line)
    throw CocoaError(.fileNoSuchFile)
}

/// A finished child process.
public struct ProcessResult {
    public var status: Int32
    public var output: String
    public var error: String
}

/// Starts `executable` with `arguments`; output is collected in files so a chatty child never blocks on a full pipe.
public final class ChildProcess {
    public let process = Process()
    private let outputURL: URL
    private let errorURL: URL

    public init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], directory: URL) throws {
        outputURL = directory.appendingPathComponent("out-\(UUID().uuidString)")
        errorURL = directory.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    public func wait() -> ProcessResult {
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             output: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
                             error: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }

    /// Sends SIGKILL: no handler runs, nothing is cleaned up.
    public func killHard() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Runs `apiary ARGUMENTS` to completion.
public func runApiary(_ arguments: [String], environment: [String: String] = [:], in directory: URL) throws -> ProcessResult {
    try ChildProcess(try apiaryExecutable(), arguments, environment: environment, directory: directory).wait()
}
