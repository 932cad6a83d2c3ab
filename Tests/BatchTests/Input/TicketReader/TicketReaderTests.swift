import XCTest
@testable import Batch

/// The reader's own behaviour: broken files, limits, mapping overrides, `--format`.
final class TicketReaderTests: XCTestCase {
    func testInvalidUTF8IsRejectedWithItsOffsetAndReadingContinues() throws {
        let result = try readAll(Fixtures.path("invalid-utf8.csv"))
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.tickets.map(\.id), ["1", "3"])
        let rejection = try XCTUnwrap(result.rejection(atLine: 3))
        XCTAssertEqual(rejection.id, "2")
        // "Caf\xE9 menu": the bad byte is the fourth of the field.
        XCTAssertTrue(rejection.reason.hasPrefix("invalid UTF-8 at byte 3 of field 'subject'"), rejection.reason)
    }

    func testInvalidUTF8InsideAJSONElementIsRejectedNotFatal() throws {
        let directory = try TemporaryDirectory()
        let bytes = Array(#"[{"id": 1, "subject": "ok", "description": "fine"},"#.utf8) + [0x0A]
            + Array(#"{"id": 2, "subject": "bad "#.utf8) + [0xC3, 0x28] + Array(#"", "description": "x"},"#.utf8) + [0x0A]
            + Array(#"{"id": 3, "subject": "ok", "description": "fine"}]"#.utf8)
        let result = try readAll(directory.write("tickets.json", bytes: bytes))
        XCTAssertNil(result.failure)
        XCTAssertEqual(result.tickets.map(\.id), ["1", "3"])
        let rejection = try XCTUnwrap(result.rejection(atLine: 2))
        XCTAssertTrue(rejection.reason.hasPrefix("invalid UTF-8 at byte 26"), rejection.reason)
        XCTAssertEqual(rejection.id, "2", "the id is still read from the bad element")
    }

    func testTruncatedJSONArrayFailsWithPositionAfterTheCompleteTickets() throws {
        let result = try readAll(Fixtures.path("truncated.json"))
        XCTAssertEqual(result.sequence, "tf")
        let error = try XCTUnwrap(result.failure)
        guard case .truncated(let expected) = error.kind else { return XCTFail("\(error)") }
        XCTAssertTrue(expected.contains("starts at 3:3"), expected)
        XCTAssertEqual(error.position?.line, 3)
        XCTAssertEqual(error.record, 2)
        let size = try FileManager.default.attributesOfItem(atPath: Fixtures.path("truncated.json"))[.size] as? Int
        XCTAssertEqual(error.position?.offset, size, "the error is at the end of the file")
        XCTAssertTrue(error.description.contains("truncated.json:3:"), error.description)
        XCTAssertTrue(error.description.contains("truncated"), error.description)
    }

    func testUnclosedQuoteEndsTheStreamWithTheQuotesPositionAndRecord() throws {
        let directory = try TemporaryDirectory()
        let csv = "id,subject,description\r\n1,Fine,ok\r\n2,\"Broken,never closed\r\n3,Lost,lost\r\n"
        let result = try readAll(directory.write("t.csv", csv))
        XCTAssertEqual(result.sequence, "tf")
        let error = try XCTUnwrap(result.failure)
        XCTAssertEqual(error.kind, .unterminatedQuote(openedAt: TextPosition(line: 3, column: 3, offset: 36)))
        XCTAssertEqual(error.record, 2)
        XCTAssertTrue(error.description.hasSuffix("t.csv:3:3 (byte 36, record 2): the quoted field opened at line 3, column 3 "
                                                  + "is never closed; expected a closing '\"' before the end of file"), error.description)
    }

    func testThrowingInterfaceThrowsTheSameStructuralError() throws {
        let reader = try TicketReader(path: Fixtures.path("truncated.json"))
        XCTAssertNotNil(try reader.nextItem())
        let error = inputError { try reader.nextItem() }
        XCTAssertEqual(error?.record, 2)
        XCTAssertEqual(inputError { try reader.nextItem() }, error, "a broken stream stays broken")
    }

    func testTextOverTheLimitIsRejectedWithItsSize() throws {
        let directory = try TemporaryDirectory()
        let body = String(repeating: "The export tool hangs. ", count: 10_000)   // 230,000 bytes
        let csv = "id,subject,description\n1,Short,fine\n2,Huge,\(body)\n3,After,still read\n"
        let result = try readAll(directory.write("tickets.csv", csv))
        XCTAssertEqual(result.tickets.map(\.id), ["1", "3"])
        let rejection = try XCTUnwrap(result.rejection(atLine: 3))
        XCTAssertEqual(rejection.id, "2")
        let size = "Huge\n\n".utf8.count + body.trimmingWhitespace().utf8.count
        XCTAssertEqual(rejection.reason, "text is \(size) bytes, over the 204800-byte limit")
    }

    func testTextLimitIsConfigurable() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("tickets.csv", "id,subject,description\n1,Hello,0123456789\n")
        let options = TicketReader.Options(limits: TicketLimits(maxTextBytes: 10))
        let result = try readAll(path, options: options)
        XCTAssertEqual(result.tickets.count, 0)
        XCTAssertEqual(result.rejections.first?.reason, "text is 17 bytes, over the 10-byte limit")
        XCTAssertEqual(try readAll(path).tickets.count, 1)
    }

    func testRecordOverTheRecordLimitIsSkippedWithoutBeingHeld() throws {
        let directory = try TemporaryDirectory()
        let big = String(repeating: "x", count: 5_000)
        let jsonl = "{\"id\":1,\"subject\":\"a\",\"description\":\"\(big)\"}\n{\"id\":2,\"subject\":\"b\",\"description\":\"c\"}\n"
        let options = TicketReader.Options(limits: TicketLimits(maxRecordBytes: 1_000))
        let reader = try TicketReader(path: directory.write("t.jsonl", jsonl), options: options)
        let result = collect(reader)
        XCTAssertEqual(result.tickets.map(\.id), ["2"])
        XCTAssertEqual(result.rejections.first?.reason, "line is over the 1000-byte record limit")
        XCTAssertLessThanOrEqual(reader.peakBufferedBytes, 64 * 1024 + 1_000)
    }

    func testMappingOverrideChoosesIdAndJoinsTextFieldsInOrder() throws {
        let directory = try TemporaryDirectory()
        let csv = "ref,channel,title,notes,body\nA-1,email,Printer jam,Tried restarting,Paper stuck in tray 2\n"
        let mapping = TicketFieldMapping(idField: "REF", textFields: ["body", "notes"])
        let result = try readAll(directory.write("t.csv", csv), options: TicketReader.Options(mapping: mapping))
        let ticket = try XCTUnwrap(result.ticket("A-1"))
        XCTAssertEqual(ticket.text, "Paper stuck in tray 2\n\nTried restarting")
        XCTAssertEqual(ticket.fields, ["channel": "email", "title": "Printer jam"])
    }

    func testMappingNamingAnAbsentColumnFailsAtOpenNamingTheColumns() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("t.csv", "id,subject,body\n1,a,b\n")
        let mapping = TicketFieldMapping(idField: "id", textFields: ["subject", "descripton"])
        let error = inputError { try TicketReader(path: path, options: TicketReader.Options(mapping: mapping)) }
        // The setting that named the column is named too, so the user knows what to fix.
        XCTAssertEqual(error?.kind, .missingColumn(name: "descripton", role: "ticket text (from --id/--text)",
                                                   available: ["id", "subject", "body"]))
        XCTAssertTrue(error?.description.contains("no field 'descripton' for the ticket text (from --id/--text); the file has 'id', 'subject', 'body'") ?? false,
                      error?.description ?? "")
    }

    func testGenericCSVWithoutRecognisableColumnsAsksForAMapping() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("t.csv", "ref,notes\n1,a\n")
        let error = inputError { try TicketReader(path: path) }
        guard case .missingColumn(_, let role, _)? = error?.kind else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue(role.contains("--id"), role)
    }

    func testFormatOverrideReadsAJiraExportWithAnUnusualExtension() throws {
        let directory = try TemporaryDirectory()
        let text = try String(contentsOfFile: Fixtures.path("jira-issues.csv"), encoding: .utf8)
        let path = try directory.write("export.txt", text)
        let reader = try TicketReader(path: path, options: TicketReader.Options(format: .jira))
        XCTAssertEqual(reader.format, .jira)
        XCTAssertEqual(collect(reader).tickets.count, 4)
    }

    func testFormatOverrideOfTheWrongKindFailsClearly() throws {
        let error = inputError {
            try TicketReader(path: Fixtures.path("jira-issues.csv"), options: TicketReader.Options(format: .github))
        }
        guard case .formatMismatch(let format, _)? = error?.kind else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(format, "github")
    }

    func testJiraFormatOnAFileWithoutIssueKeyNamesTheMissingColumn() throws {
        let error = inputError {
            try TicketReader(path: Fixtures.path("freshdesk-tickets.csv"), options: TicketReader.Options(format: .jira))
        }
        guard case .missingColumn(let name, let role, _)? = error?.kind else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(name, "Issue key")
        XCTAssertEqual(role, "jira ticket id")
    }

    func testMissingFileCannotBeOpened() {
        let error = inputError { try TicketReader(path: "/nonexistent/tickets.csv") }
        guard case .cannotOpen? = error?.kind else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue(error?.description.hasPrefix("/nonexistent/tickets.csv: cannot open") ?? false)
    }

    func testEmptyFileIsAnError() throws {
        let directory = try TemporaryDirectory()
        for (name, text) in [("empty.csv", ""), ("empty.json", "  \n")] {
            let error = inputError { try TicketReader(path: directory.write(name, text)) }
            guard case .empty? = error?.kind else { return XCTFail("\(name): \(String(describing: error))") }
        }
    }

    func testFormatArgumentParsesKnownNamesAndListsThemOtherwise() {
        XCTAssertEqual(try TicketFormat(argument: "Zendesk"), .zendesk)
        let error = inputError { try TicketFormat(argument: "xlsx") }
        XCTAssertEqual(error?.kind, .unknownFormat(name: "xlsx", supported: ["csv", "jsonl", "json", "zendesk", "jira", "freshdesk", "github"]))
    }
}
