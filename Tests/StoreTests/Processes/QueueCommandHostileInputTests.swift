import Foundation
import ApiaryTestSupport
import XCTest
@testable import Store

/// `apiary queue …` given content and command lines an attacker (or a slip of the keyboard)
/// would give it.
final class QueueCommandHostileInputTests: XCTestCase {
    private var directory: URL!
    private var db: String { directory.appendingPathComponent("apiary.db").path }

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func apiary(_ arguments: String...) throws -> ProcessResult {
        try runApiary(["queue"] + arguments + ["--db", db], in: directory)
    }

    /// Escapes that clear the screen, set the title, write the clipboard (OSC 52), ring the bell,
    /// and a right-to-left override that makes "exe.txt" read as "txt.exe".
    private let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}]52;c;aGVsbG8=\u{07}\u{9B}31m"
    private let bidi = "invoice\u{202E}txt.exe"

    private func importHostileItem() throws {
        let object: JSONValue = .object([
            "id": .string("T1"), "request": .string("Refund \(hostile) please \(bidi)"), "answer": .string("Sure \(hostile)"),
            "domain": .string("bill\(hostile)ing"), "reasons": .array([.string("reason \(hostile)")]),
            "specialist": .string("spec\(hostile)"),
        ])
        let file = directory.appendingPathComponent("hostile.jsonl")
        try (object.jsonText + "\n").write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try apiary("import", file.path).status, 0)
    }

    private func assertNeutral(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let controls = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
        XCTAssertTrue(controls.isEmpty, "\(what) prints control characters \(controls.map { String($0.value, radix: 16) })",
                      file: file, line: line)
        XCTAssertFalse(text.unicodeScalars.contains("\u{202E}"), "\(what) prints a raw bidi override", file: file, line: line)
    }

    func testHumanReadableOutputNeutralisesEscapesAndShowsBidiOverrides() throws {
        try importHostileItem()
        let claim = try apiary("claim", "--reviewer", "ev\u{1B}[8mil")
        XCTAssertEqual(claim.status, 0, claim.error)
        assertNeutral(claim.output, "queue claim")
        for arguments in [["show", "1"], ["list"], ["stats"]] {
            let result = try runApiary(["queue"] + arguments + ["--db", db], in: directory)
            XCTAssertEqual(result.status, 0, result.error)
            assertNeutral(result.output + result.error, "queue \(arguments[0])")
        }
        XCTAssertTrue(try apiary("show", "1").output.contains("invoice⟨U+202E⟩txt.exe"))
        let list = try apiary("list").output
        XCTAssertTrue(list.contains("bill\u{FFFD}"), "the domain column is cleaned, not dropped:\n\(list)")
        XCTAssertTrue(list.contains("(ev\u{FFFD}[8mil)"), "the reviewer is cleaned:\n\(list)")
        XCTAssertEqual(try apiary("approve", "1", "--reviewer", "ev\u{1B}[8mil").status, 0)
        assertNeutral(try apiary("stats").output, "queue stats with a reviewer")
    }

    func testJSONOutputStaysExact() throws {
        try importHostileItem()
        let shown = try JSONValue.parse(try apiary("show", "1", "--json").output)
        XCTAssertEqual(shown["request"], .string("Refund \(hostile) please \(bidi)"))
        XCTAssertEqual(shown["route"]?["domain"], .string("bill\(hostile)ing"))
        let listed = try JSONValue.parse(try apiary("list", "--json").output)
        XCTAssertEqual(listed["answer"], .string("Sure \(hostile)"))
    }

    func testExportRefusesToOverwriteTheDatabaseOrAnotherOne() throws {
        try importHostileItem()
        _ = try apiary("approve", "1", "--reviewer", "ana")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let link = directory.appendingPathComponent("export.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: db)
        let other = directory.appendingPathComponent("other.db").path
        _ = try ReviewQueue(path: other)
        for out in [db, link, other, db + "-journal"] {
            let result = try apiary("export", "--format", "jsonl", "--out", out)
            XCTAssertEqual(result.status, 1, "export to \(out): \(result.error)")
            XCTAssertTrue(result.error.contains("refusing to write the export to \(out)"), result.error)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)
        XCTAssertEqual(try ReviewQueue(path: db).item(1).status, .approved)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + "-journal"))
    }

    func testReadCommandsDoNotCreateAMissingDatabase() throws {
        for arguments in [["queue", "list"], ["queue", "stats"], ["queue", "show", "1"], ["queue", "approve", "1"],
                          ["queue", "export", "--format", "csv"], ["review"]] {
            let result = try runApiary(arguments + ["--db", db], in: directory)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.error)")
            XCTAssertTrue(result.error.contains("no database at \(db)"), "\(arguments): \(result.error)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: db), "\(arguments) created the database")
        }
    }

    /// As root, write permission is never denied, so the listing runs as `nobody`.
    func testAReadOnlyDatabaseCanBeListed() throws {
        try importHostileItem()
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        var command = [try apiaryExecutable().path, "queue", "list", "--db", db]
        if getuid() == 0 { command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command }
        let result = try ChildProcess(URL(fileURLWithPath: command[0]), Array(command.dropFirst()), directory: directory).wait()
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.output.contains("Refund"), result.output)
    }

    func testOutOfRangeNumbersAreUsageErrorsNotCrashes() throws {
        try importHostileItem()
        for arguments in [["queue", "claim", "--lease", "1e300"], ["queue", "claim", "--lease", "inf"],
                          ["queue", "claim", "--lease", "nan"], ["queue", "edit", "1", "--lease", "99999999999"],
                          ["review", "--lease", "1e300"], ["batch", "s.toml", "t.csv", "--out", "o.jsonl", "--batch", "99999999999999999999"],
                          ["batch", "s.toml", "t.csv", "--out", "o.jsonl", "--batch", "100000"],
                          ["generate", "m.gguf", "--prompt", "x", "--context", "9223372036854775807"],
                          ["bench", "m.gguf", "--threads", "100000000"], ["audit", "s.toml", "a.jsonl", "--batch", "1000000000000"]] {
            let result = try runApiary(arguments + (arguments[0] == "queue" || arguments[0] == "review" ? ["--db", db] : []),
                                       in: directory)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.error)")
            XCTAssertFalse(result.error.contains("Fatal error"), "\(arguments) trapped: \(result.error)")
            XCTAssertTrue(result.error.contains("expects"), "\(arguments): \(result.error)")
        }
        XCTAssertEqual(try ReviewQueue(path: db).item(1).status, .pending)
    }

    func testAnEmptyReviewerIsRefused() throws {
        try importHostileItem()
        for arguments in [["approve", "1", "--reviewer", ""], ["claim", "--reviewer", "  "], ["reject", "1", "--reason", "x", "--reviewer", ""]] {
            let result = try runApiary(["queue"] + arguments + ["--db", db], in: directory)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.error)")
        }
        XCTAssertEqual(try runApiary(["review", "--reviewer", "", "--db", db], in: directory).status, 2)
        XCTAssertEqual(try ReviewQueue(path: db).item(1).status, .pending)
        XCTAssertTrue(try ReviewQueue(path: db).allDecisions().isEmpty)
    }

    func testAWrongOptionValuePrintsTheErrorAndOneUsageLine() throws {
        for arguments in [["queue", "list", "--status", "bogus"], ["review", "--lease", "soon"], ["check"]] {
            let result = try runApiary(arguments, in: directory)
            XCTAssertEqual(result.status, 2)
            let lines = result.error.split(separator: "\n")
            XCTAssertEqual(lines.count, 3, "\(arguments):\n\(result.error)")
            XCTAssertTrue(lines[0].hasPrefix("apiary \(arguments[0]): error: "), result.error)
            XCTAssertTrue(lines[1].hasPrefix("Usage: apiary \(arguments[0])"), result.error)
            XCTAssertEqual(lines[2], "Run 'apiary help \(arguments[0])' for the options.")
        }
        let queue = try runApiary(["queue", "list", "--status", "bogus"], in: directory)
        XCTAssertTrue(queue.error.contains("\nUsage: apiary queue list [--status"), "the subcommand's own usage line:\n\(queue.error)")
    }
}
