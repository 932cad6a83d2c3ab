import XCTest
@testable import Batch

final class TicketFieldMappingTests: XCTestCase {
    func testCommandLineListIsSplitAndTrimmed() {
        XCTAssertEqual(TicketFieldMapping(idField: " Issue key ", textFieldList: "Summary, Description,,Environment "),
                       TicketFieldMapping(idField: "Issue key", textFields: ["Summary", "Description", "Environment"]))
    }

    func testExactNameWinsOverACaseInsensitiveOne() {
        XCTAssertEqual(TicketFieldMapping.field(named: "Body", in: ["body", "Body"]), "Body")
        XCTAssertEqual(TicketFieldMapping.field(named: "BODY", in: ["id", "body"]), "body")
        XCTAssertNil(TicketFieldMapping.field(named: "text", in: ["id", "body"]))
    }

    func testGuessTakesTheFirstIdAndOneFieldPerTextGroup() {
        XCTAssertEqual(TicketFieldMapping.guess(from: ["Number", "Title", "Summary", "Body", "Text"]),
                       TicketFieldMapping(idField: "Number", textFields: ["Title", "Body"]))
        XCTAssertNil(TicketFieldMapping.guess(from: ["id", "priority"]))
        XCTAssertNil(TicketFieldMapping.guess(from: ["subject", "body"]))
    }

    func testEachShapeHasTheFieldsOfItsRealExport() {
        XCTAssertEqual(TicketShape.zendesk.defaultMapping?.idField, "id")
        XCTAssertEqual(TicketShape.jira.defaultMapping?.textFields, ["Summary", "Description"])
        XCTAssertEqual(TicketShape.freshdesk.defaultMapping?.idField, "Ticket ID")
        XCTAssertEqual(TicketShape.github.defaultMapping, TicketFieldMapping(idField: "number", textFields: ["title", "body"]))
        XCTAssertNil(TicketShape.generic.defaultMapping)
    }
}
