import Store
import XCTest
@testable import Batch

/// `batch --out results.csv` writes cells a spreadsheet shows as text, never runs as formulas.
final class ResultCSVTests: XCTestCase {
    func testAnswerIdAndReasonsThatLookLikeFormulasAreEscaped() {
        let record = ResultRecord(id: "@SUM(A1)", position: 1, request: "hi", domain: "=1+1", answer: "=cmd|' /C calc'!A0",
                                  verdict: .flagged, reasons: [ResultRecord.Reason(rule: "x", message: "-2+3 is wrong")])
        let cells = ResultCSV.row(record)
        XCTAssertTrue(cells.hasPrefix("1,\"'@SUM(A1)\",\"'=1+1\","), cells)
        XCTAssertTrue(cells.contains(",\"'=cmd|' /C calc'!A0\",\"'-2+3 is wrong\","), cells)
        XCTAssertFalse(cells.contains(",=") || cells.contains(",@") || cells.contains(",-2"), cells)
    }

    func testNumbersStayNumbers() {
        let record = ResultRecord(id: "7", position: 3, request: "hi", verdict: .accepted, seconds: 0.25, tokensIn: 12, tokensOut: 3)
        XCTAssertTrue(ResultCSV.row(record).hasSuffix(",0.25,12,3"), ResultCSV.row(record))
    }
}
