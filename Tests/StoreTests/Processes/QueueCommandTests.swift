import Foundation
import ApiaryTestSupport
import XCTest
@testable import Store

/// `apiary queue …` as scripts use it.
final class QueueCommandTests: XCTestCase {
    private var directory: URL!
    private var db: String { directory.appendingPathComponent("apiary.db").path }

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func apiary(_ arguments: String..., environment: [String: String] = [:]) throws -> ProcessResult {
        try runApiary(["queue"] + arguments + ["--db", db], environment: environment, in: directory)
    }

    private func importSample() throws -> ProcessResult {
        let file = directory.appendingPathComponent("results.jsonl")
        try """
            {"request":"Charged twice","answer":"Refund issued.","route":{"domain":"billing","confidence":0.9},"audit":{"score":0.4,"reasons":["vague"]},"verdict":"flagged","source":{"job":"j1","ticket":"1"}}
            {"id":"2","request":"Where is my parcel?","answer":"Tomorrow.","domain":"shipping"}
            {"id":"3","answer":"no request"}
            """.write(to: file, atomically: true, encoding: .utf8)
        return try apiary("import", file.path)
    }

    func testImportReportsAddedDuplicatesAndBadLines() throws {
        let first = try importSample()
        XCTAssertEqual(first.output, "added 2, skipped 0 as duplicates, 1 invalid\n")
        XCTAssertTrue(first.error.hasSuffix("results.jsonl:3: expected \"request\": the request text as a string\n"), first.error)
        XCTAssertEqual(first.status, 1)
        XCTAssertEqual(try importSample().output, "added 0, skipped 2 as duplicates, 1 invalid\n")
        let mode = try FileManager.default.attributesOfItem(atPath: db)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
    }

    func testEditOpensTheEditorAndApprovesTheEditedText() throws {
        _ = try importSample()
        let editor = directory.appendingPathComponent("editor.sh")
        try "#!/bin/sh\nprintf 'Your refund of $12 is on its way.\\n' > \"$1\"\n".write(to: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: editor.path)
        let result = try apiary("edit", "1", "--reviewer", "ana", environment: ["EDITOR": editor.path])
        XCTAssertEqual(result.status, 0, result.error)
        let item = try ReviewQueue(path: db).item(1)
        XCTAssertEqual(item.status, .edited)
        XCTAssertEqual(item.finalAnswer, "Your refund of $12 is on its way.")
        XCTAssertEqual(item.decidedBy, "ana")
    }

    func testAFailingEditorDecidesNothingAndReleasesTheClaim() throws {
        _ = try importSample()
        let result = try apiary("edit", "1", "--reviewer", "ana", environment: ["EDITOR": "false"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.error.contains("exited with status 1"), result.error)
        XCTAssertEqual(try ReviewQueue(path: db).item(1).status, .pending)
    }

    func testDecisionsFromTheCommandLineRespectOtherReviewersLeases() throws {
        _ = try importSample()
        let claim = try apiary("claim", "--reviewer", "ana", "--json")
        XCTAssertEqual(claim.status, 0, claim.error)
        let id = try JSONValue.parse(claim.output)["id"]
        XCTAssertEqual(id, .integer(1))
        let refused = try apiary("approve", "1", "--reviewer", "ben")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.error.contains("item 1 is claimed by ana"), refused.error)
        XCTAssertEqual(try apiary("reject", "1", "--reviewer", "ana", "--reason", "vague").output, "rejected item 1\n")
        XCTAssertEqual(try apiary("approve", "2", "--reviewer", "ben").output, "approved item 2\n")
        XCTAssertEqual(try apiary("claim", "--json").status, 3, "nothing left to claim")
    }

    func testExportWritesAPrivateFile() throws {
        _ = try importSample()
        _ = try apiary("approve", "2", "--reviewer", "ben")
        let out = directory.appendingPathComponent("sft.jsonl").path
        let result = try apiary("export", "--format", "sft", "--out", out)
        XCTAssertEqual(result.status, 0, result.error)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }

    func testStatsPrintTheJournalMode() throws {
        _ = try importSample()
        let stats = try apiary("stats", "--json")
        let expected = JournalMode.preferred(forLibraryVersion: Database.libraryVersionNumber).rawValue
        XCTAssertEqual(try JSONValue.parse(stats.output)["journal_mode"], .string(expected))
        XCTAssertTrue(try apiary("stats").output.contains("journal mode \(expected.uppercased())"))
    }

    func testBadCommandLinesAreUsageErrorsAndCreateNoDatabase() throws {
        for arguments in [["frobnicate"], ["show", "x"], ["reject", "1"], ["list", "--reason", "r"], ["export"]] {
            let result = try runApiary(["queue"] + arguments + ["--db", db], in: directory)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
    }
}
