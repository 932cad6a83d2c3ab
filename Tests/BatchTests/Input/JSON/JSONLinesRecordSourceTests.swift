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
