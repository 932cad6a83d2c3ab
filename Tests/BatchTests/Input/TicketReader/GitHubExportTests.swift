import XCTest
@testable import Batch

/// GitHub's issues JSON: a plain array; `number` is the id, labels are objects with a `name`.
final class GitHubExportTests: XCTestCase {
    func testIssuesArrayIsDetectedAndMappedByNumber() throws {
        let reader = try TicketReader(path: Fixtures.path("github-issues.json"))
        XCTAssertEqual(reader.format, .github)
        let result = collect(reader)
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.tickets.map(\.id), ["1347", "1348", "1349"])
    }

    func testLabelsAndUserLoginBecomeFields() throws {
        let result = try readAll(Fixtures.path("github-issues.json"))
        let issue = try XCTUnwrap(result.ticket("1347"))
        XCTAssertEqual(issue.fields["labels"], "bug, good first issue")
        XCTAssertEqual(issue.fields["user.login"], "octocat")
        XCTAssertEqual(issue.fields["state"], "open")
        XCTAssertEqual(issue.fields["id"], "1234567890", "the database id is a field; the number is the ticket id")
        XCTAssertEqual(result.ticket("1348")?.fields["labels"], "")
    }

    func testMarkdownBodyKeepsItsLinesAndNullBodyLeavesTheTitle() throws {
        let result = try readAll(Fixtures.path("github-issues.json"))
        XCTAssertEqual(result.ticket("1347")?.text,
                       "Found a bug\n\nI'm having a problem with this.\n\n```\nswift build\n```\nIt fails with `error: no such module`.")
        XCTAssertEqual(result.ticket("1348")?.text, "Docs: typo in README")
    }

    func testAngleBracketsThatAreNotTagsStayText() throws {
        let result = try readAll(Fixtures.path("github-issues.json"))
        XCTAssertEqual(result.ticket("1349")?.text,
                       "Support \"quoted\" names with ünïcödé 🐝\n\nNames like <O'Brien> break the parser; 3 < 4 is fine though.")
    }

    func testSourceLinesPointAtEachElementsOpeningBrace() throws {
        let path = Fixtures.path("github-issues.json")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let result = try readAll(path)
        for ticket in result.tickets {
            // The element's first line is `  {`; its `number` follows a few lines below.
            XCTAssertEqual(lines[ticket.sourceLine - 1], "  {", "ticket \(ticket.id)")
            let numberLine = lines[(ticket.sourceLine - 1)...].firstIndex { $0.contains("\"number\": \(ticket.id)") }
            XCTAssertNotNil(numberLine)
        }
    }

    func testIssueTemplateCommentsAreRemovedAndTheMarkdownKeepsItsLines() throws {
        let dir = try TemporaryDirectory()
        let body = "<!-- Describe the bug. Please include steps. -->\n**Steps**\n\n1. run `make`\n2. see\n\n```\nerror:  two  spaces\n```\n<!-- Version? -->\nv1.2"
        let json = "[{\"number\": 7, \"title\": \"Build fails\", \"body\": \(String(reflecting: body)), \"labels\": []}]"
        let path = try dir.write("issues.json", json)
        let ticket = try XCTUnwrap(readAll(path, options: TicketReader.Options(format: .github)).ticket("7"))
        XCTAssertEqual(ticket.text, "Build fails\n\n**Steps**\n\n1. run `make`\n2. see\n\n```\nerror:  two  spaces\n```\n\nv1.2",
                       "a comment does not make Markdown HTML: newlines and code spacing stay")
    }
}
