import XCTest
@testable import Batch

/// Zendesk's tickets JSON as the API pages it (`{"tickets": [...], "count": 5}`) and its
/// incremental export as JSON lines.
final class ZendeskExportTests: XCTestCase {
    func testTicketsPageIsDetectedAndReadFromItsWrapper() throws {
        let reader = try TicketReader(path: Fixtures.path("zendesk-tickets.json"))
        XCTAssertEqual(reader.format, .zendesk)
        let result = collect(reader)
        XCTAssertNil(result.failure, "\(result.failure.map(String.init(describing:)) ?? "")")
        XCTAssertEqual(result.tickets.map(\.id), ["35436", "35437"])
        XCTAssertEqual(result.sequence, "ttrrr")
    }

    func testHTMLDescriptionWithEntitiesJoinsTheSubject() throws {
        let result = try readAll(Fixtures.path("zendesk-tickets.json"))
        XCTAssertEqual(result.ticket("35436")?.text, """
            Help, my printer is on fire!

            The fire is very colorful & smells like toast.

            Model: P\u{2011}200 — bought 2023
            """)
        XCTAssertEqual(result.ticket("35437")?.text, "How do I export my data?\n\nHi,\nwhere can I find the export button?\n\nThanks")
    }

    func testTagsNestedObjectsAndNumbersBecomeFields() throws {
        let result = try readAll(Fixtures.path("zendesk-tickets.json"))
        let ticket = try XCTUnwrap(result.ticket("35436"))
        XCTAssertEqual(ticket.fields["tags"], "enterprise, hardware")
        XCTAssertEqual(ticket.fields["priority"], "urgent")
        XCTAssertEqual(ticket.fields["requester_id"], "20978392")
        XCTAssertEqual(ticket.fields["via.source.from.address"], "kim@example.com")
        XCTAssertEqual(ticket.fields["has_incidents"], "false")
        XCTAssertEqual(ticket.fields["custom_fields"], #"[{"id":27642,"value":"745"}]"#)
        XCTAssertNil(ticket.fields["external_id"], "null fields are left out")
        XCTAssertEqual(ticket.sourceLine, 2)
    }

    func testEmptyTicketDuplicateAndMissingIdAreRejectedInPlace() throws {
        let result = try readAll(Fixtures.path("zendesk-tickets.json"))
        let empty = try XCTUnwrap(result.rejection(atLine: 4))
        XCTAssertEqual(empty.id, "35438")
        XCTAssertTrue(empty.reason.hasPrefix("empty text"), empty.reason)
        let duplicate = try XCTUnwrap(result.rejection(atLine: 5))
        XCTAssertEqual(duplicate.id, "35436")
        XCTAssertEqual(duplicate.reason, "duplicate id: already used at line 2")
        let missing = try XCTUnwrap(result.rejection(atLine: 6))
        XCTAssertNil(missing.id)
        XCTAssertTrue(missing.reason.hasPrefix("missing id"), missing.reason)
    }

    func testIncrementalExportAsJSONLinesRejectsBadLinesAndGoesOn() throws {
        let reader = try TicketReader(path: Fixtures.path("zendesk-export.jsonl"))
        XCTAssertEqual(reader.format, .zendesk)
        let result = collect(reader)
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.tickets.map(\.id), ["501", "503"])
        XCTAssertEqual(result.sequence, "trtr")
        XCTAssertTrue(try XCTUnwrap(result.rejection(atLine: 2)).reason.hasPrefix("invalid JSON"))
        XCTAssertTrue(try XCTUnwrap(result.rejection(atLine: 5)).reason.contains("expected a JSON object"))
        XCTAssertEqual(result.ticket("503")?.text, "Change billing email\n\nPlease send invoices to ap@example.com.")
        XCTAssertEqual(result.ticket("503")?.sourceLine, 4)
        XCTAssertEqual(result.ticket("501")?.fields["tags"], "mobile, crash")
    }
}
