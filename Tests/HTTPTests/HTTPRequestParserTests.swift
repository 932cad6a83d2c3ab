import HTTP
import XCTest

final class HTTPRequestParserTests: XCTestCase {
    private let request = "GET /figures.json?token=a%20b&x=1+2 HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n"

    func testARequestSplitIntoSingleBytesParsesLikeAWholeOne() {
        var whole = HTTPRequestParser()
        guard case .complete(let expected) = whole.consume(Array(request.utf8)) else { return XCTFail("not complete") }
        var parser = HTTPRequestParser()
        var outcome = HTTPRequestParser.Outcome.needMore
        for byte in request.utf8 {
            XCTAssertEqual(outcome, .needMore)
            outcome = parser.consume([byte])
        }
        XCTAssertEqual(outcome, .complete(expected))
        XCTAssertEqual(expected.path, "/figures.json")
        XCTAssertEqual(expected.query, ["token": "a b", "x": "1 2"])
        XCTAssertEqual(expected.header("accept"), "*/*")
    }

    func testBareLineFeedsAreAccepted() {
        var parser = HTTPRequestParser()
        guard case .complete(let parsed) = parser.consume(Array("GET / HTTP/1.0\nX: y\n\n".utf8)) else { return XCTFail("not complete") }
        XCTAssertEqual(parsed.path, "/")
        XCTAssertEqual(parsed.header("X"), "y")
    }

    func testABodyWithinTheLimitIsReadAndIgnored() {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxBodyBytes: 10))
        XCTAssertEqual(parser.consume(Array("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345".utf8)), .needMore)
        guard case .complete = parser.consume(Array("67890".utf8)) else { return XCTFail("not complete") }
    }

    func testTooManyHeaderFieldsAre431() {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 10_000, maxHeaderCount: 3))
        let text = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        guard case .failure(let status, _) = parser.consume(Array(text.utf8)) else { return XCTFail("accepted") }
        XCTAssertEqual(status, .headersTooLarge)
    }
}
