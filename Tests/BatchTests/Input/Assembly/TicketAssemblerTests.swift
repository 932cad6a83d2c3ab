import XCTest
@testable import Batch

final class TicketAssemblerTests: XCTestCase {
    private func record(_ fields: [(String, String)], line: Int = 1) -> SourceRecord {
        .fields(FieldRecord(fields: fields.map { (name: $0.0, value: $0.1) },
                            position: TextPosition(line: line, column: 1, offset: 0)))
    }

    private let zendesk = TicketFieldMapping(idField: "id", textFields: ["subject", "description"])

    func testTextFieldsJoinWithABlankLineAndOthersBecomeFields() {
        var assembler = TicketAssembler(mapping: zendesk, limits: TicketLimits())
        let item = assembler.assemble(record([("id", " 7 "), ("subject", "Hi"), ("description", "Body\r\nline"), ("priority", "high")]))
        XCTAssertEqual(item, .ticket(Ticket(id: "7", text: "Hi\n\nBody\nline", fields: ["priority": "high"], sourceLine: 1)))
    }

    func testWhitespaceOnlyTextIsEmpty() {
        var assembler = TicketAssembler(mapping: zendesk, limits: TicketLimits())
        let item = assembler.assemble(record([("id", "7"), ("subject", " \n"), ("description", "<p> </p>")], line: 4))
        XCTAssertEqual(item, .rejected(TicketRejection(id: "7", line: 4, reason: "empty text: 'subject', 'description' empty or absent")))
    }

    func testAbsentAndEmptyIdsAreRejectedDifferently() {
        var assembler = TicketAssembler(mapping: zendesk, limits: TicketLimits())
        XCTAssertEqual(assembler.assemble(record([("subject", "a")])),
                       .rejected(TicketRejection(id: nil, line: 1, reason: "missing id: the record has no field 'id'")))
        XCTAssertEqual(assembler.assemble(record([("id", "  "), ("subject", "a")])),
                       .rejected(TicketRejection(id: nil, line: 1, reason: "missing id: the record has an empty 'id'")))
    }

    func testDuplicateIdsNameTheFirstLineAndRejectedRecordsDoNotCount() {
        var assembler = TicketAssembler(mapping: zendesk, limits: TicketLimits())
        _ = assembler.assemble(record([("id", "1"), ("subject", "")], line: 2))        // rejected: empty
        guard case .ticket = assembler.assemble(record([("id", "1"), ("subject", "a")], line: 3)) else {
            return XCTFail("the first accepted ticket with an id is not a duplicate")
        }
        XCTAssertEqual(assembler.assemble(record([("id", "1"), ("subject", "b")], line: 9)),
                       .rejected(TicketRejection(id: "1", line: 9, reason: "duplicate id: already used at line 3")))
    }

    func testLimitIsOnUTF8BytesAndInclusive() {
        var assembler = TicketAssembler(mapping: zendesk, limits: TicketLimits(maxTextBytes: 4))
        XCTAssertEqual(assembler.assemble(record([("id", "1"), ("subject", "éé")])),
                       .ticket(Ticket(id: "1", text: "éé", fields: [:], sourceLine: 1)))
        XCTAssertEqual(assembler.assemble(record([("id", "2"), ("subject", "ééé")])),
                       .rejected(TicketRejection(id: "2", line: 1, reason: "text is 6 bytes, over the 4-byte limit")))
    }

    func testGenericRecordsGuessTheirFieldsPerRecord() {
        var assembler = TicketAssembler(mapping: nil, limits: TicketLimits())
        XCTAssertEqual(assembler.assemble(record([("ticket_id", "9"), ("Title", "T"), ("message", "M"), ("x", "y")])),
                       .ticket(Ticket(id: "9", text: "T\n\nM", fields: ["x": "y"], sourceLine: 1)))
        guard case .rejected(let rejection) = assembler.assemble(record([("ref", "1"), ("notes", "n")])) else {
            return XCTFail("a record without a recognisable id must be rejected")
        }
        XCTAssertTrue(rejection.reason.contains("--id and --text"), rejection.reason)
    }

    func testUnreadableRecordsKeepTheirIdWhenItWasReadable() {
        var assembler = TicketAssembler(mapping: zendesk, limits: TicketLimits())
        let item = assembler.assemble(.unreadable(position: TextPosition(line: 5, column: 1, offset: 0),
                                                  partial: [(name: "id", value: "42")], reason: "ragged"))
        XCTAssertEqual(item, .rejected(TicketRejection(id: "42", line: 5, reason: "ragged")))
    }

    func testRejectionReadsWellPrinted() {
        XCTAssertEqual(TicketRejection(id: "SUP-3", line: 7, reason: "empty text").description, "line 7, ticket 'SUP-3': empty text")
        XCTAssertEqual(TicketRejection(id: nil, line: 2, reason: "missing id").description, "line 2, ticket without id: missing id")
    }
}
