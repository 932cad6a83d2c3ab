import ApiaryTestSupport
import Foundation
import XCTest

/// `apiary check` and `apiary batch` say which fields they read and why, and a helpdesk export
/// keeps its own fields under a swarm whose `[input]` was written for generic files.
final class BatchCommandMappingTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-mapping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
    }

    /// The fast test swarm with swarms/support.toml's `[input]` table, paths made absolute.
    private func swarmWithInput() throws -> String {
        let fixtures = Self.root.appendingPathComponent("Tests/BatchTests/Fixtures")
        var text = try String(contentsOf: fixtures.appendingPathComponent("fast-swarm.toml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"../../../", with: "\"" + Self.root.path + "/")
            .replacingOccurrences(of: "\"fast-policy.toml\"", with: "\"" + fixtures.appendingPathComponent("fast-policy.toml").path + "\"")
        text += "\n[input]\nid = \"id\"\ntext = [\"subject\", \"body\"]\n"
        let path = directory.appendingPathComponent("swarm.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func fixture(_ name: String) -> String {
        Self.root.appendingPathComponent("Tests/BatchTests/Fixtures/\(name)").path
    }

    private func ids(_ results: String) throws -> [String] {
        try String(contentsOfFile: results, encoding: .utf8).split(separator: "\n").compactMap { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }.sorted()
    }

    func testCheckSaysWhereTheInputTableApplies() throws {
        let result = try runApiary(["check", try swarmWithInput()], in: directory)
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.output.contains("input: [input] id 'id', text 'subject' + 'body' applies to generic csv/json/jsonl files"),
                      result.output)
    }

    func testAJiraExportKeepsItsOwnFieldsUnderAGenericInputTable() throws {
        let out = directory.appendingPathComponent("jira.jsonl").path
        let result = try runApiary(["batch", try swarmWithInput(), fixture("jira-export.csv"), "--out", out,
                                    "--db", directory.appendingPathComponent("a.db").path, "--batch", "2"], in: directory)
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.error.contains("read as jira: id 'Issue key', text 'Summary' + 'Description' — the jira export's own fields (detected)"),
                      result.error)
        XCTAssertEqual(try ids(out), ["HELP-11", "HELP-12"])
    }

    func testGitHubPullRequestsAreSkippedAndCounted() throws {
        let out = directory.appendingPathComponent("github.jsonl").path
        let result = try runApiary(["batch", try swarmWithInput(), fixture("github-issues-with-pull-request.json"), "--out", out,
                                    "--db", directory.appendingPathComponent("b.db").path], in: directory)
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.error.contains("skipped 1 pull request (only issues are tickets; --include-pull-requests keeps them)"),
                      result.error)
        XCTAssertEqual(try ids(out), ["6"])

        let all = directory.appendingPathComponent("all.jsonl").path
        let kept = try runApiary(["batch", try swarmWithInput(), fixture("github-issues-with-pull-request.json"), "--out", all,
                                  "--db", directory.appendingPathComponent("c.db").path, "--include-pull-requests"], in: directory)
        XCTAssertEqual(kept.status, 0, kept.error)
        XCTAssertFalse(kept.error.contains("pull request"), kept.error)
        XCTAssertEqual(try ids(all), ["6", "7"])
    }

    func testASwarmInputForJiraDoesNotForceAGenericFileToBeReadAsJira() throws {
        var swarm = try String(contentsOfFile: try swarmWithInput(), encoding: .utf8)
        swarm = swarm.replacingOccurrences(of: "[input]\n", with: "[input]\nformat = \"jira\"\n")
        let path = directory.appendingPathComponent("jira-swarm.toml").path
        try swarm.write(toFile: path, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("generic.jsonl").path
        let result = try runApiary(["batch", path, fixture("generic-tickets.csv"), "--out", out,
                                    "--db", directory.appendingPathComponent("d.db").path], in: directory)
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.error.contains("read as csv: id 'id', text 'subject' + 'body' — from the swarm file's [input]"), result.error)
        XCTAssertEqual(try ids(out), ["T-1", "T-2"])
    }
}
