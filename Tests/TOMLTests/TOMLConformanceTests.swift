import Foundation
import XCTest
@testable import TOML

/// Every case listed in toml-test's `tests/files-toml-1.0.0`, through the library in-process:
/// valid documents must decode to the expected tagged JSON, invalid ones must be rejected.
final class TOMLConformanceTests: XCTestCase {
    func testEveryValidCaseDecodesToTheExpectedJSON() throws {
        let suite = try TOMLTestSuite()
        let cases = suite.validCases
        XCTAssertGreaterThan(cases.count, 100, "the valid case list looks truncated")
        var failures: [String] = []
        for testCase in cases {
            let bytes = [UInt8](try Data(contentsOf: testCase.toml))
            let expected = try Data(contentsOf: try XCTUnwrap(testCase.expectedJSON))
            do {
                let document = try TOMLDocument(parsing: bytes, file: testCase.name + ".toml")
                if let difference = TaggedJSONComparison.difference(expected: expected,
                                                                    actual: Data(document.taggedJSON().utf8)) {
                    failures.append("\(testCase.name): \(difference)")
                }
            } catch {
                failures.append("\(testCase.name): rejected: \(error)")
            }
        }
        print("toml-test 1.0.0 valid: \(cases.count - failures.count)/\(cases.count) decoded as expected")
        XCTAssert(failures.isEmpty, "\(failures.count) valid cases failed:\n" + failures.joined(separator: "\n"))
    }

    func testEveryInvalidCaseIsRejected() throws {
        let suite = try TOMLTestSuite()
        let cases = suite.invalidCases
        XCTAssertGreaterThan(cases.count, 100, "the invalid case list looks truncated")
        var failures: [String] = []
        for testCase in cases {
            let bytes = [UInt8](try Data(contentsOf: testCase.toml))
            do {
                let document = try TOMLDocument(parsing: bytes, file: testCase.name + ".toml")
                failures.append("\(testCase.name): accepted as \(document.taggedJSON())")
            } catch {
                // Rejected, as it must be; the error must point into the file.
                if error.position.offset > bytes.count || error.position.line < 1 || error.position.column < 1 {
                    failures.append("\(testCase.name): error position out of the file: \(error)")
                }
            }
        }
        print("toml-test 1.0.0 invalid: \(cases.count - failures.count)/\(cases.count) rejected")
        XCTAssert(failures.isEmpty, "\(failures.count) invalid cases failed:\n" + failures.joined(separator: "\n"))
    }

    /// The comparison behind the two tests above must see real differences and only those.
    func testComparisonFollowsTheHarnessRules() {
        func differs(_ expected: String, _ actual: String) -> Bool {
            TaggedJSONComparison.difference(expected: Data(expected.utf8), actual: Data(actual.utf8)) != nil
        }
        let one = #"{"a":{"type":"integer","value":"1"}}"#
        XCTAssertFalse(differs(one, one))
        XCTAssertTrue(differs(one, #"{"a":{"type":"integer","value":"2"}}"#))
        XCTAssertTrue(differs(one, #"{"a":{"type":"float","value":"1"}}"#))
        XCTAssertTrue(differs(one, #"{"b":{"type":"integer","value":"1"}}"#))
        XCTAssertTrue(differs(#"{"a":[]}"#, #"{"a":[{"type":"bool","value":"true"}]}"#))
        XCTAssertFalse(differs(#"{"f":{"type":"float","value":"0.1"}}"#, #"{"f":{"type":"float","value":"1e-1"}}"#))
        XCTAssertFalse(differs(#"{"f":{"type":"float","value":"nan"}}"#, #"{"f":{"type":"float","value":"nan"}}"#))
        XCTAssertFalse(differs(#"{"d":{"type":"datetime","value":"1987-07-05T17:45:56.600Z"}}"#,
                               #"{"d":{"type":"datetime","value":"1987-07-05T17:45:56.6Z"}}"#))
        XCTAssertTrue(differs(#"{"d":{"type":"datetime","value":"1987-07-05T17:45:56Z"}}"#,
                              #"{"d":{"type":"datetime","value":"1987-07-05T17:45:57Z"}}"#))
    }
}
