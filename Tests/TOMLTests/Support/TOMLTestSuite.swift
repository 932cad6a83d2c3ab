import Foundation
import XCTest

/// The toml-test suite in the test data: the cases listed in `tests/files-toml-1.0.0`.
struct TOMLTestSuite {
    struct Case {
        /// `valid/string/escapes` or `invalid/key/dotdot`.
        var name: String
        var toml: URL
        /// The expected tagged JSON for valid cases.
        var expectedJSON: URL?
        var isValid: Bool { expectedJSON != nil }
    }

    let testsDirectory: URL
    let cases: [Case]

    init(file: StaticString = #filePath, line: UInt = #line) throws {
        testsDirectory = try TestData.directory(file: file, line: line).appendingPathComponent("toml-test/tests")
        let listURL = testsDirectory.appendingPathComponent("files-toml-1.0.0")
        guard let list = try? String(contentsOf: listURL, encoding: .utf8) else {
            XCTFail("toml-test case list missing: \(listURL.path)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        let listed = Set(list.split(whereSeparator: \.isNewline).map(String.init))
        var cases: [Case] = []
        for path in listed.sorted() where path.hasSuffix(".toml") {
            let name = String(path.dropLast(".toml".count))
            let isValid = path.hasPrefix("valid/")
            // A valid case without its .json in the list would be a broken suite: fail loudly.
            if isValid && !listed.contains(name + ".json") {
                XCTFail("valid case \(name) has no expected JSON listed", file: file, line: line)
            }
            cases.append(Case(name: name, toml: testsDirectory.appendingPathComponent(path),
                              expectedJSON: isValid ? testsDirectory.appendingPathComponent(name + ".json") : nil))
        }
        self.cases = cases
    }

    var validCases: [Case] { cases.filter(\.isValid) }
    var invalidCases: [Case] { cases.filter { !$0.isValid } }
}
