import XCTest
@testable import Batch

/// Freshdesk's CSV export as European Excel saves it: semicolon-delimited, HTML descriptions.
final class FreshdeskExportTests: XCTestCase {
    func testSemicolonDelimitedFreshdeskCSVIsDetected() throws {
        let reader = try TicketReader(path: Fixtures.path("freshdesk-tickets.csv"))
        XCTAssertEqual(reader.format, .freshdesk)
        let result = collect(reader)
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.tickets.map(\.id), ["1001", "1002", "1005"])
        XCTAssertEqual(result.sequence, "ttrrt")
    }

    func testHTMLDescriptionBecomesPlainTextWithBreaksAndEntities() throws {
        let result = try readAll(Fixtures.path("freshdesk-tickets.csv"))
        XCTAssertEqual(result.ticket("1001")?.text, """
            Cannot download invoice

            Hi team,

            I can't download my invoice from the Billing page.
            Thanks,
            Marta
            """)
    }

    func testHTMLListItemsBecomeBulletsAndNamedAndHexEntitiesDecode() throws {
        let result = try readAll(Fixtures.path("freshdesk-tickets.csv"))
        XCTAssertEqual(result.ticket("1002")?.text, """
            Refund for duplicate charge

            I was charged twice:

            • Order #A-17 – €19.99
            • Order #A-18 – €19.99

            Please refund one & confirm.
            """)
    }

    func testScriptAndStyleContentIsDropped() throws {
        let result = try readAll(Fixtures.path("freshdesk-tickets.csv"))
        XCTAssertEqual(result.ticket("1005")?.text, """
            Broken layout on mobile

            The menu overlaps the logo on iPhone 12 when x < 400px.
            """)
    }

    func testMissingIdIsRejectedWithItsLine() throws {
        let result = try readAll(Fixtures.path("freshdesk-tickets.csv"))
        let rejection = try XCTUnwrap(result.rejection(atLine: 9))
        XCTAssertNil(rejection.id)
        XCTAssertTrue(rejection.reason.hasPrefix("missing id"), rejection.reason)
    }

    func testRaggedRowIsRejectedWithFieldCountsAndTheIdItHas() throws {
        let result = try readAll(Fixtures.path("freshdesk-tickets.csv"))
        let rejection = try XCTUnwrap(result.rejection(atLine: 10))
        XCTAssertEqual(rejection.id, "1004")
        XCTAssertTrue(rejection.reason.contains("has 9 fields but the header has 10"), rejection.reason)
        XCTAssertTrue(rejection.reason.contains("';'"), rejection.reason)
    }

    func testRequesterColumnsAreKeptAsFields() throws {
        let result = try readAll(Fixtures.path("freshdesk-tickets.csv"))
        let ticket = try XCTUnwrap(result.ticket("1001"))
        XCTAssertEqual(ticket.fields["Requester email"], "marta@example.com")
        XCTAssertEqual(ticket.fields["Contact ID"], "55001")
        XCTAssertEqual(ticket.fields["Created time"], "2024-03-12 09:14:02")
        XCTAssertEqual(ticket.sourceLine, 2)
    }
}
