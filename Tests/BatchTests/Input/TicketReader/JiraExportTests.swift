import XCTest
@testable import Batch

/// Jira's CSV export: BOM, CRLF, repeated `Labels` columns, multi-line quoted descriptions.
final class JiraExportTests: XCTestCase {
    func testJiraCSVIsDetectedAndMappedByIssueKey() throws {
        let reader = try TicketReader(path: Fixtures.path("jira-issues.csv"))
        XCTAssertEqual(reader.format, .jira)
        XCTAssertEqual(reader.mapping, TicketFieldMapping(idField: "Issue key", textFields: ["Summary", "Description"]))
        let result = collect(reader)
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.tickets.map(\.id), ["SUP-101", "SUP-102", "SUP-103", "SUP-105"])
    }

    func testMultiLineQuotedDescriptionKeepsItsLinesWithCRLFNormalised() throws {
        let result = try readAll(Fixtures.path("jira-issues.csv"))
        let ticket = try XCTUnwrap(result.ticket("SUP-101"))
        XCTAssertEqual(ticket.text, """
            Login page returns 500 after password reset

            After resetting my password the login page shows:
            {code}
            HTTP 500 Internal Server Error
            {code}
            Steps:
            # Reset password
            # Log in with the new one
            """)
        XCTAssertFalse(ticket.text.contains("\r"))
        XCTAssertEqual(ticket.sourceLine, 2)
    }

    func testDoubledQuotesBecomeOneQuoteAndLinesCountInsideQuotes() throws {
        let result = try readAll(Fixtures.path("jira-issues.csv"))
        let ticket = try XCTUnwrap(result.ticket("SUP-102"))
        XCTAssertEqual(ticket.text, """
            Invoice total says "€0,00" for March

            The March invoice shows a total of "€0,00", but we were charged €49,00.
            """)
        // SUP-101's description spans lines 2–8.
        XCTAssertEqual(ticket.sourceLine, 9)
    }

    func testRepeatedLabelsColumnsAreJoinedAndTextColumnsNotRepeatedInFields() throws {
        let result = try readAll(Fixtures.path("jira-issues.csv"))
        let ticket = try XCTUnwrap(result.ticket("SUP-101"))
        XCTAssertEqual(ticket.fields["Labels"], "login, auth")
        XCTAssertEqual(ticket.fields["Priority"], "High")
        XCTAssertEqual(ticket.fields["Issue Type"], "Bug")
        XCTAssertNil(ticket.fields["Summary"])
        XCTAssertNil(ticket.fields["Description"])
        XCTAssertNil(ticket.fields["Issue key"])
        XCTAssertEqual(result.ticket("SUP-102")?.fields["Labels"], "billing")
    }

    func testSummaryAloneIsEnoughText() throws {
        let result = try readAll(Fixtures.path("jira-issues.csv"))
        XCTAssertEqual(result.ticket("SUP-103")?.text, "Export to CSV times out")
    }

    func testIssueWithoutSummaryOrDescriptionIsRejectedAndReadingContinues() throws {
        let result = try readAll(Fixtures.path("jira-issues.csv"))
        XCTAssertEqual(result.sequence, "tttrt")
        let rejection = try XCTUnwrap(result.rejection(atLine: 11))
        XCTAssertEqual(rejection.id, "SUP-104")
        XCTAssertTrue(rejection.reason.hasPrefix("empty text"), rejection.reason)
    }
}
