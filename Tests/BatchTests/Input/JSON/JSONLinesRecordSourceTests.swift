import XCTest
@testable import Batch

final class JSONLinesRecordSourceTests: XCTestCase {
    func testEachLineIsARecordWithItsLineNumber() throws {
        let directory = try TemporaryDirectory()
        let text = "\u{FEFF}{\"id\": 1}\r\n\r\n   \n{\"id\": 2, \"user\": {\"login\": \"kim\"}}\n{oops}\n{\"id\": 4}"
        let source = try JSONLinesRecordSource(reader: ByteReader(path: directory.write("t.jsonl", text)), limits: TicketLimits())
        var lines: [Int] = []
        var problems: [Int] = []
        var fields: [[String]] = []
        while let record = try source.nextRecord() {
            switch record {
            case .fields(let record):
                lines.append(record.position.line)
                fields.append(record.fields.map { "\($0.name)=\($0.value)" })
            case .unreadable(let position, _, _):
                problems.append(position.line)
            }
        }
        XCTAssertEqual(lines, [1, 4, 6])
        XCTAssertEqual(problems, [5])
        XCTAssertEqual(fields[1], ["id=2", "user.login=kim"])
    }
}

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
