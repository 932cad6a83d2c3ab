import XCTest
@testable import TOML

/// The error parsing `text` throws, failing the test if it parses.
func parseError(_ text: String, file: String? = "test.toml",
                sourceFile: StaticString = #filePath, line: UInt = #line) -> TOMLError? {
    do {
        let document = try TOMLDocument(parsing: text, file: file)
        XCTFail("expected an error, parsed \(document.taggedJSON())", file: sourceFile, line: line)
        return nil
    } catch {
        return error
    }
}

/// The error parsing `bytes` throws, failing the test if it parses.
func parseError(bytes: [UInt8], sourceFile: StaticString = #filePath, line: UInt = #line) -> TOMLError? {
    do {
        let document = try TOMLDocument(parsing: bytes, file: "test.toml")
        XCTFail("expected an error, parsed \(document.taggedJSON())", file: sourceFile, line: line)
        return nil
    } catch {
        return error
    }
}
