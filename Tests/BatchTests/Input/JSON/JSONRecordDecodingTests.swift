import XCTest
@testable import Batch

final class JSONRecordDecodingTests: XCTestCase {
    private func fields(_ json: String) -> [String: String] {
        guard case .fields(let record) = JSONRecordDecoding.record(from: Array(json.utf8), at: TextPosition(line: 1, column: 1, offset: 0)) else {
            XCTFail("unreadable: \(json)")
            return [:]
        }
        return Dictionary(record.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    func testNumbersPrintAsTheIdsTheyAre() {
        XCTAssertEqual(fields(#"{"a": 35436, "b": 9007199254740993, "c": 1.5, "d": 1e3, "e": 7.0, "f": -2}"#),
                       ["a": "35436", "b": "9007199254740993", "c": "1.5", "d": "1000", "e": "7", "f": "-2"])
    }

    func testBooleansNullsArraysAndNestedObjects() {
        XCTAssertEqual(fields(#"{"t": true, "f": false, "n": null, "tags": ["a", 1], "labels": [{"name": "bug"}], "m": [[1]], "u": {"login": "kim", "site": {"x": 1}}}"#),
                       ["t": "true", "f": "false", "tags": "a, 1", "labels": "bug", "m": "[[1]]", "u.login": "kim", "u.site.x": "1"])
    }
}
