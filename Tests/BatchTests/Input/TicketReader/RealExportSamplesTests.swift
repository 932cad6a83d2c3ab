import XCTest
@testable import Batch

/// Real exports (or exports of exactly their structure, see Fixtures/README.md) read with and
/// without the `[input]` table of swarms/support.toml (`id = "id"`, `text = ["subject", "body"]`):
/// a helpdesk's own shape keeps its own fields; `[input]` applies to generic files.
final class RealExportSamplesTests: XCTestCase {
    /// swarms/support.toml's `[input]`.
    private let supportInput = SwarmInputMapping(mapping: TicketFieldMapping(idField: "id", textFields: ["subject", "body"]),
                                                 format: nil)

    private func read(_ name: String, input: SwarmInputMapping?, format: TicketFormat? = nil,
                      mapping: TicketFieldMapping? = nil) throws -> (TicketReader, ReadResult) {
        let reader = try TicketReader(path: Fixtures.path(name),
                                      options: .init(format: format, mapping: mapping, swarmInput: input))
        return (reader, collect(reader))
    }

    func testJiraExportUsesIssueKeyAndSummaryWithOrWithoutTheSwarmInput() throws {
        for input in [nil, supportInput] {
            for format in [nil, TicketFormat.jira] {
                let (reader, result) = try read("jira-export.csv", input: input, format: format)
                XCTAssertEqual(reader.format, .jira)
                XCTAssertNil(result.failure)
                XCTAssertEqual(result.tickets.map(\.id), ["HELP-12", "HELP-11"])
                XCTAssertEqual(result.tickets.first?.text,
                               "Cannot log in after password reset\n\nAfter the reset the login page says \"invalid token\".\nTried twice.")
                XCTAssertEqual(reader.mappingOrigin, .formatDefault(chosen: format != nil))
                XCTAssertEqual(reader.swarmInputSetAside, input != nil)
            }
        }
    }

    func testFreshdeskExportUsesTicketIDAndSubjectWithOrWithoutTheSwarmInput() throws {
        for input in [nil, supportInput] {
            let (reader, result) = try read("freshdesk-export.csv", input: input)
            XCTAssertEqual(reader.format, .freshdesk)
            XCTAssertEqual(result.tickets.map(\.id), ["2001", "2002"])
            XCTAssertEqual(result.tickets.first?.text, "Refund for order 10452\n\nI was charged twice for order 10452.\nPlease refund one payment.")
            XCTAssertTrue(result.rejections.isEmpty, "\(result.rejections)")
        }
    }

    func testZendeskTicketKeepsItsDescriptionWithTheSwarmInput() throws {
        for input in [nil, supportInput] {
            let (reader, result) = try read("zendesk-api-docs-tickets.json", input: input)
            XCTAssertEqual(reader.format, .zendesk)
            XCTAssertEqual(result.tickets.map(\.id), ["35436"])
            XCTAssertEqual(result.tickets.first?.text, "Help, my printer is on fire!\n\nThe fire is very colorful.")
        }
    }

    func testGitHubIssuesTakeTheNumberNotTheDatabaseId() throws {
        for input in [nil, supportInput] {
            let (reader, result) = try read("github-octokit-paginate-issues.json", input: input)
            XCTAssertEqual(reader.format, .github)
            XCTAssertEqual(result.tickets.map(\.id), ["13", "12", "11"])
            XCTAssertEqual(result.tickets.map(\.text), ["Test issue 13", "Test issue 12", "Test issue 11"],
                           "a null body with a title is a ticket")
            XCTAssertTrue(result.rejections.isEmpty)
        }
    }

    func testGhIssueListWithoutIdKeysReadsEveryIssue() throws {
        for input in [nil, supportInput] {
            let (reader, result) = try read("github-gh-issue-list.json", input: input)
            XCTAssertEqual(reader.format, .github)
            XCTAssertEqual(result.tickets.map(\.id), ["42", "41", "40"])
            XCTAssertEqual(result.tickets.map(\.text),
                           ["Crash on settings page\n\nThe app crashes when I open settings.\n\nSteps: open **Settings** → crash.",
                            "Add dark mode", "Typo in README"])
            XCTAssertEqual(result.tickets.first?.fields["author.login"], "octocat")
        }
    }

    func testPullRequestsAreSkippedAndCountedUnlessIncluded() throws {
        let path = Fixtures.path("github-issues-with-pull-request.json")
        let reader = try TicketReader(path: path)
        let result = collect(reader)
        XCTAssertEqual(result.tickets.map(\.id), ["6"])
        XCTAssertEqual(reader.skippedPullRequests, 1)
        let everything = try TicketReader(path: path, options: .init(includePullRequests: true))
        XCTAssertEqual(collect(everything).tickets.map(\.id), ["7", "6"])
        XCTAssertEqual(everything.skippedPullRequests, 0)
    }

    func testGenericFileUsesTheSwarmInputAndExplicitFieldsWinOverIt() throws {
        let (reader, result) = try read("generic-tickets.csv", input: supportInput)
        XCTAssertEqual(reader.format, .csv)
        XCTAssertEqual(reader.mappingOrigin, .swarmInput)
        XCTAssertEqual(result.tickets.map(\.text), ["Charged twice\n\nI was charged twice, please refund.", "Parcel late\n\nWhere is my parcel?"])

        let explicit = TicketFieldMapping(idField: "id", textFields: ["body"])
        let (chosen, only) = try read("generic-tickets.csv", input: supportInput, mapping: explicit)
        XCTAssertEqual(chosen.mappingOrigin, .commandLine)
        XCTAssertEqual(only.tickets.map(\.text), ["I was charged twice, please refund.", "Where is my parcel?"])

        let (jira, _) = try read("jira-export.csv", input: supportInput, mapping: TicketFieldMapping(idField: "Issue id", textFields: ["Summary"]))
        XCTAssertEqual(jira.mappingOrigin, .commandLine, "--id/--text win over a helpdesk's own fields too")
    }

    func testSwarmInputNamingAHelpdeskFormatAppliesToThatFormat() throws {
        let forJira = SwarmInputMapping(mapping: TicketFieldMapping(idField: "Issue id", textFields: ["Description"]), format: .jira)
        let (reader, result) = try read("jira-export.csv", input: forJira)
        XCTAssertEqual(reader.mappingOrigin, .swarmInput)
        XCTAssertEqual(result.tickets.map(\.id), ["10012", "10011"])
        let (freshdesk, _) = try read("freshdesk-export.csv", input: forJira)
        XCTAssertEqual(freshdesk.mappingOrigin, .formatDefault(chosen: false), "an [input] for Jira does not apply to Freshdesk")
    }

    func testTheExplanationSaysWhichFieldsAndWhy() throws {
        let (jira, _) = try read("jira-export.csv", input: supportInput)
        XCTAssertTrue(jira.mappingExplanation.hasSuffix(
            "read as jira: id 'Issue key', text 'Summary' + 'Description' — the jira export's own fields (detected); "
                + "the swarm's [input] applies to generic files only"), jira.mappingExplanation)
        let (generic, _) = try read("generic-tickets.csv", input: supportInput)
        XCTAssertTrue(generic.mappingExplanation.hasSuffix("id 'id', text 'subject' + 'body' — from the swarm file's [input]"),
                      generic.mappingExplanation)
    }
}
