import Foundation
import XCTest

/// Locates ../shared/testdata as BRIEF.md prescribes: env `APIARY_TESTDATA`, else
/// `<package root>/../shared/testdata`, else `/work/shared/testdata`. A missing directory is a
/// test failure with a clear message, never a skip.
enum TestData {
    static func directory(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        var candidates: [URL] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["APIARY_TESTDATA"], !fromEnvironment.isEmpty {
            candidates.append(URL(fileURLWithPath: fromEnvironment))
        }
        candidates.append(packageRoot.appendingPathComponent("../shared/testdata").standardizedFileURL)
        candidates.append(URL(fileURLWithPath: "/work/shared/testdata"))
        for candidate in candidates where isDirectory(candidate) {
            return candidate
        }
        let tried = candidates.map(\.path).joined(separator: ", ")
        XCTFail("test data directory not found (tried \(tried)); set APIARY_TESTDATA", file: file, line: line)
        throw CocoaError(.fileNoSuchFile)
    }

    /// The package root: the nearest directory above this file that holds Package.swift.
    static var packageRoot: URL {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
