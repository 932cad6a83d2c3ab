import XCTest
@testable import Batch

final class JSONArrayRecordSourceTests: XCTestCase {
    private func read(_ text: String) throws -> (ids: [String], unreadable: [String], wrapper: String?) {
        let directory = try TemporaryDirectory()
        let source = try JSONArrayRecordSource(reader: ByteReader(path: directory.write("a.json", text)), limits: TicketLimits())
        var ids: [String] = []
        var unreadable: [String] = []
        while let record = try source.nextRecord() {
            switch record {
            case .fields(let record): ids.append(record.fields.first { $0.name == "id" }?.value ?? "?")
            case .unreadable(_, _, let reason): unreadable.append(reason)
            }
        }
        return (ids, unreadable, source.wrapperKey)
    }

    func testPlainArrayAndEmptyArray() throws {
        XCTAssertEqual(try read(#"[{"id": 1}, {"id": "two"}]"#).ids, ["1", "two"])
        XCTAssertEqual(try read(" [ ] \n").ids, [])
    }

    func testWrapperMetadataBeforeAndAfterTheArrayIsSkipped() throws {
        let read = try read(#"{"count": 2, "users": [{"id": 9}], "tickets": [{"id": 1}, {"id": 2}], "next_page": {"url": "x"}}"#)
        XCTAssertEqual(read.ids, ["1", "2"])
        XCTAssertEqual(read.wrapper, "tickets")
    }

    func testWrapperWithoutATicketArrayNamesTheArraysItHas() throws {
        let error = inputError { try self.read(#"{"count": 1, "users": [{"id": 9}]}"#) }
        guard case .unexpected(let found, let expected)? = error?.kind else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(found, "'}'")
        XCTAssertTrue(expected.contains(#"arrays found under "users""#), expected)
    }

    func testElementThatIsNotAnObjectOrNotJSONIsUnreadableNotFatal() throws {
        let read = try read(#"[{"id": 1}, 42, {"id": tru}, {"id": 4}]"#)
        XCTAssertEqual(read.ids, ["1", "4"])
        XCTAssertEqual(read.unreadable.count, 2)
        XCTAssertEqual(read.unreadable.first, "expected a JSON object for a ticket, found a number or boolean")
        XCTAssertTrue(read.unreadable.last?.hasPrefix("invalid JSON") ?? false)
    }

    func testMissingCommaBetweenElementsIsAnErrorWithPosition() throws {
        let error = inputError { try self.read("[{\"id\": 1}\n {\"id\": 2}]") }
        XCTAssertEqual(error?.kind, .unexpected(found: "'{'", expected: "',' or ']' after ticket 1 of the array"))
        XCTAssertEqual(error?.position?.line, 2)
    }

    func testTextAfterTheArrayIsAnError() throws {
        let error = inputError { try self.read(#"[{"id": 1}] [{"id": 2}]"#) }
        XCTAssertEqual(error?.kind, .unexpected(found: "'['", expected: "the end of the file after the JSON value"))
    }

    func testTruncationAfterAnElementExpectsCommaOrBracket() throws {
        let error = inputError { try self.read("[{\"id\": 1},\n{\"id\": 2}\n") }
        XCTAssertEqual(error?.kind, .truncated(expected: "',' or ']' after ticket 2 of the array"))
        XCTAssertEqual(error?.position?.line, 3)
    }
}
