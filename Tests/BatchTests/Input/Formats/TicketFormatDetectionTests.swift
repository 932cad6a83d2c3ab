import XCTest
@testable import Batch

final class TicketFormatDetectionTests: XCTestCase {
    func testEachSampleExportIsDetected() throws {
        let expected: [(String, TicketFormat)] = [
            ("jira-issues.csv", .jira), ("freshdesk-tickets.csv", .freshdesk), ("zendesk-tickets.json", .zendesk),
            ("zendesk-export.jsonl", .zendesk), ("github-issues.json", .github), ("invalid-utf8.csv", .csv),
        ]
        for (name, format) in expected {
            XCTAssertEqual(try TicketReader(path: Fixtures.path(name)).format, format, name)
        }
    }

    func testContentDecidesWhenTheExtensionDoesNot() throws {
        let directory = try TemporaryDirectory()
        let cases: [(String, String, TicketFormat)] = [
            ("lines.json", "{\"id\": 1, \"note\": \"x\"}\n{\"id\": 2, \"note\": \"y\"}\n", .jsonl),
            ("page.json", "{\"tickets\": [{\"id\": 1, \"note\": \"x\"}]}\n", .json),
            ("pretty.json", "{\n  \"results\": [\n    {\"id\": 1}\n  ]\n}\n", .json),
            ("array.txt", "  [{\"id\": 1}]", .json),
            ("tickets.export", "id;note\n1;x\n", .csv),
        ]
        for (name, text, format) in cases {
            let path = try directory.write(name, text)
            let container = try TicketFormatDetection.container(path: path, prefix: ArraySlice(text.utf8), format: nil)
            XCTAssertEqual(TicketFormatDetection.format(container: container, shape: .generic), format, name)
        }
    }

    func testExtensionWinsOverContent() throws {
        let prefix = ArraySlice("{\"tickets\": []}".utf8)
        XCTAssertEqual(try TicketFormatDetection.container(path: "x.ndjson", prefix: prefix, format: nil), .jsonLines)
    }

    func testShapesFromCSVHeaders() {
        XCTAssertEqual(TicketFormatDetection.csvShape(header: ["Summary", "Issue key", "Description"]), .jira)
        XCTAssertEqual(TicketFormatDetection.csvShape(header: ["Ticket ID", "Subject", "Description"]), .freshdesk)
        XCTAssertEqual(TicketFormatDetection.csvShape(header: ["id", "subject"]), .generic)
    }

    func testShapesFromJSONKeys() {
        XCTAssertEqual(TicketFormatDetection.jsonShape(prefix: ArraySlice(#"[{"id": 1, "subject": "a", "description": "b"}]"#.utf8)), .zendesk)
        XCTAssertEqual(TicketFormatDetection.jsonShape(prefix: ArraySlice(#"[{"number" : 1, "title": "a", "body": null}]"#.utf8)), .github)
        XCTAssertEqual(TicketFormatDetection.jsonShape(prefix: ArraySlice(#"[{"id": 1, "text": "a"}]"#.utf8)), .generic)
    }

    func testGivenFormatWithTwoContainersStillDetectsWhich() throws {
        let prefix = ArraySlice("{\"number\": 1, \"title\": \"t\", \"body\": \"b\"}\n".utf8)
        XCTAssertEqual(try TicketFormatDetection.container(path: "issues.data", prefix: prefix, format: .github), .jsonLines)
        XCTAssertEqual(try TicketFormatDetection.container(path: "issues.data", prefix: prefix, format: .json), .jsonArray)
    }
}
