import XCTest
@testable import Batch

final class CSVDelimiterTests: XCTestCase {
    private func detect(_ header: String) -> String {
        CSVDelimiter.name(CSVDelimiter.detect(inHeader: Array(header.utf8)))
    }

    func testEachCandidateIsDetectedFromTheHeader() {
        XCTAssertEqual(detect("id,subject,body\n"), "','")
        XCTAssertEqual(detect("Ticket ID;Subject;Description\n"), "';'")
        XCTAssertEqual(detect("id\tsubject\tbody\n"), "tab")
        XCTAssertEqual(detect("id|subject|body\n"), "'|'")
    }

    func testDelimitersInsideQuotedNamesDoNotCount() {
        XCTAssertEqual(detect("\"a,b,c,d\";\"e\";f\n"), "';'")
    }

    func testOneColumnFileFallsBackToComma() {
        XCTAssertEqual(detect("description\n"), "','")
    }

    func testSemicolonHeaderWithCommasInNamesPicksTheMoreFrequent() {
        XCTAssertEqual(detect("Name, first;Name, last;Email;Phone\n"), "';'")
    }
}
