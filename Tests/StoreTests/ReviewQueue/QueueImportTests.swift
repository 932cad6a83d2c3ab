import Foundation
import XCTest
@testable import Store

final class QueueImportTests: XCTestCase {
    func testRunJSONShapeIsRead() throws {
        let line = """
            {"request":"My card was charged twice","answer":"Refund issued.","route":{"domain":"billing","confidence":0.93,\
            "strategy":"embedding","specialist":"billing"},"audit":{"score":0.41,"reasons":["no policy cited"]},\
            "verdict":"flagged","flags":[{"kind":"low_score","reason":"audit score 0.41 < 0.6"}],"reasons":["spot check"],\
            "source":{"job":"j7","ticket":1234},"trace":{"steps":[]}}
            """
        let item = try QueueImport.item(fromLine: line)
        XCTAssertEqual(item.source, ReviewSource(job: "j7", ticket: "1234"))
        XCTAssertEqual(item.domain, "billing")
        XCTAssertEqual(item.routeConfidence, 0.93)
        XCTAssertEqual(item.routeStrategy, "embedding")
        XCTAssertEqual(item.specialist, "billing")
        XCTAssertEqual(item.auditScore, 0.41)
        XCTAssertEqual(item.reasons, ["no policy cited", "spot check"])
        XCTAssertEqual(item.flags, ["audit score 0.41 < 0.6"])
        XCTAssertEqual(item.verdict, "flagged")
        XCTAssertEqual(item.trace, "{\"steps\":[]}")
    }

    func testMinimalShapeIsRead() throws {
        let item = try QueueImport.item(fromLine: #"{"id":"T-9","request":"hi","answer":"hello","domain":"chat","score":0.5,"reasons":["short"]}"#)
        XCTAssertEqual(item.source, ReviewSource(job: "", ticket: "T-9"))
        XCTAssertEqual(item.domain, "chat")
        XCTAssertEqual(item.auditScore, 0.5)
        XCTAssertEqual(item.reasons, ["short"])
    }

    func testResultWithoutAnIdGetsAStableContentTicket() throws {
        let a = try QueueImport.item(fromLine: #"{"request":"hi","answer":"hello"}"#)
        let b = try QueueImport.item(fromLine: #"{"answer":"hello","request":"hi"}"#)
        let c = try QueueImport.item(fromLine: #"{"request":"hi","answer":"bye"}"#)
        XCTAssertEqual(a.source, b.source)
        XCTAssertNotEqual(a.source, c.source)
        XCTAssertTrue(a.source.ticket.hasPrefix("content-"))
    }

    func testBadLinesSayWhatWasExpected() {
        func problem(_ line: String) -> String? {
            do {
                _ = try QueueImport.item(fromLine: line)
                return nil
            } catch {
                return (error as? QueueImport.Problem)?.message
            }
        }
        XCTAssertEqual(problem("not json"), "expected one JSON object per line, found text that is not JSON")
        XCTAssertEqual(problem("[1]"), "expected a JSON object, got an array")
        XCTAssertEqual(problem(#"{"answer":"x"}"#), "expected \"request\": the request text as a string")
        XCTAssertEqual(problem(#"{"request":"x"}"#), "expected \"answer\": the specialist's answer as a string")
        XCTAssertEqual(problem(#"{"request":"x","answer":"y","route":{"confidence":"high"}}"#),
                       "expected \"route.confidence\" to be a number, got a string")
        XCTAssertEqual(problem(#"{"request":"x","answer":"y","source":{"job":"j"}}"#),
                       "expected \"source.ticket\": the ticket id as a string or number")
    }

    func testImportCountsAddedDuplicatesAndInvalidLinesWithLineNumbers() throws {
        let (queue, _, _) = try makeQueue(self)
        let text = """
            {"id":"1","request":"a","answer":"b"}
            {"id":"2","request":"c","answer":"d"}

            {"id":"1","request":"a","answer":"b"}
            {"id":"3","request":"e"}
            oops
            {"id":"4","request":"g","answer":"h","verdict":"accepted"}
            """
        let report = try queue.importJSONLines(Data(text.utf8), file: "results.jsonl")
        XCTAssertEqual(report.added, 3)
        XCTAssertEqual(report.duplicates, 1)
        XCTAssertEqual(report.invalid.map(\.description), [
            "results.jsonl:5: expected \"answer\": the specialist's answer as a string",
            "results.jsonl:6: expected one JSON object per line, found text that is not JSON",
        ])
        let again = try queue.importJSONLines(Data(text.utf8), file: "results.jsonl")
        XCTAssertEqual(again.added, 0)
        XCTAssertEqual(again.duplicates, 4)
    }

    func testFlaggedOnlySkipsAcceptedResults() throws {
        let (queue, _, _) = try makeQueue(self)
        let text = """
            {"id":"1","request":"a","answer":"b","verdict":"accepted"}
            {"id":"2","request":"c","answer":"d","verdict":"flagged"}
            """
        let report = try queue.importJSONLines(Data(text.utf8), file: "f", flaggedOnly: true)
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(report.notFlagged, 1)
    }

    func testInvalidUTF8IsReportedNotImported() throws {
        let (queue, _, _) = try makeQueue(self)
        var data = Data(#"{"id":"1","request":"a","answer":"b"}"#.utf8)
        data.append(contentsOf: [0x0A, 0xFF, 0xFE, 0x0A])
        let report = try queue.importJSONLines(data, file: "f")
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(report.invalid.map(\.description), ["f:2: expected UTF-8 text"])
    }
}

/// A NUL inside imported text is data: every text column stores it exactly.
final class QueueImportNULTests: XCTestCase {
    func testNULInEveryTextFieldIsStoredExactly() throws {
        let (queue, _, _) = try makeQueue(self)
        let line = #"{"source":{"job":"j\u0000","ticket":"t\u0000"},"request":"a\u0000b","answer":"c\u0000d","route":{"domain":"bill\u0000ing","strategy":"s\u0000","specialist":"sp\u0000"},"audit":{"reasons":["r\u0000"]},"flags":["f\u0000"],"verdict":"flagged\u0000","system_prompt":"sys\u0000","trace":{"k":"v\u0000"}}"#
        let report = try queue.importJSONLines(Data(line.utf8), file: "nul.jsonl")
        XCTAssertEqual(report.added, 1, "\(report.invalid)")
        let item = try queue.item(1)
        XCTAssertEqual(item.source, ReviewSource(job: "j\u{0}", ticket: "t\u{0}"))
        XCTAssertEqual(item.request, "a\u{0}b")
        XCTAssertEqual(item.answer, "c\u{0}d")
        XCTAssertEqual(item.domain, "bill\u{0}ing")
        XCTAssertEqual(item.content.routeStrategy, "s\u{0}")
        XCTAssertEqual(item.content.specialist, "sp\u{0}")
        XCTAssertEqual(item.content.reasons, ["r\u{0}"])
        XCTAssertEqual(item.content.flags, ["f\u{0}"])
        XCTAssertEqual(item.content.verdict, "flagged\u{0}")
        XCTAssertEqual(item.content.systemPrompt, "sys\u{0}")
        XCTAssertEqual(item.content.trace, #"{"k":"v\u0000"}"#)

        let claim = try queue.claim(itemID: 1, reviewer: "an\u{0}a", lease: 60)
        try queue.edit(claim.lease, newAnswer: "fixed\u{0}answer")
        XCTAssertEqual(try queue.item(1).finalAnswer, "fixed\u{0}answer")
        XCTAssertEqual(try queue.item(1).decidedBy, "an\u{0}a")
        XCTAssertEqual(try queue.allDecisions().last?.answerAfter, "fixed\u{0}answer")
    }
}
