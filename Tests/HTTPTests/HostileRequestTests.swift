import Foundation
import HTTP
import XCTest

/// Hostile requests over real sockets: each is answered as HTTP says, and the
/// server still answers the good request that follows.
final class HostileRequestTests: XCTestCase {
    private var running: RunningServer!

    override func setUpWithError() throws {
        running = try RunningServer(RunningServer.configuration())
    }

    override func tearDown() {
        XCTAssertTrue(running.stop(), "the server did not stop")
    }

    private func assertStillServing(file: StaticString = #filePath, line: UInt = #line) throws {
        let response = try RawClient.exchange(port: running.port, "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n")
        XCTAssertEqual(response.statusCode, 200, response, file: file, line: line)
        XCTAssertEqual(response.responseBody, "hello", file: file, line: line)
    }

    func testOversizedHeadersAreAnswered431() throws {
        let padding = String(repeating: "a", count: 2000)
        let response = try RawClient.exchange(port: running.port, "GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Padding: \(padding)\r\n\r\n")
        XCTAssertEqual(response.statusCode, 431, response)
        try assertStillServing()
    }

    func testHeadersThatNeverEndAreAnswered431BeforeTheyEnd() throws {
        let client = try RawClient(port: running.port)
        defer { client.close() }
        client.send("GET /hello HTTP/1.1\r\nHost: localhost\r\n")
        for _ in 0..<40 { client.send("X-More: \(String(repeating: "b", count: 60))\r\n") }
        XCTAssertEqual(client.receiveAll().statusCode, 431)
        try assertStillServing()
    }

    func testAnOverlongRequestLineIsAnswered414() throws {
        let response = try RawClient.exchange(port: running.port, "GET /\(String(repeating: "x", count: 3000)) HTTP/1.1\r\nHost: a\r\n\r\n")
        XCTAssertEqual(response.statusCode, 414, response)
        try assertStillServing()
    }

    func testARequestThatNeverFinishesIsClosedAfterTheTimeout() throws {
        let client = try RawClient(port: running.port)
        defer { client.close() }
        let started = Date()
        client.send("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        let response = client.receiveAll(within: 5)
        let waited = Date().timeIntervalSince(started)
        XCTAssertEqual(response.statusCode, 408, response)
        XCTAssertGreaterThanOrEqual(waited, 0.45)
        XCTAssertLessThan(waited, 3, "closed only after \(waited) s; the timeout is 0.5 s")
        try assertStillServing()
    }

    func testABodyThatNeverArrivesIsClosedAfterTheTimeout() throws {
        let client = try RawClient(port: running.port)
        defer { client.close() }
        client.send("GET /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nonly a little")
        XCTAssertEqual(client.receiveAll(within: 5).statusCode, 408)
        try assertStillServing()
    }

    func testTraversalPathsAreRefused() throws {
        for path in ["/../etc/passwd", "/hello/../hello", "/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd", "/..%2f..%2fetc",
                     "/./hello", "/%2e/hello", "/..\\etc", "/%5c..%5cetc", "/hello%00.txt", "/%zz"] {
            let response = try RawClient.exchange(port: running.port, "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
            XCTAssertEqual(response.statusCode, 400, "\(path): \(response)")
        }
        let absolute = try RawClient.exchange(port: running.port, "GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
        XCTAssertEqual(absolute.statusCode, 400, absolute)
        try assertStillServing()
    }

    func testDoubleEncodingIsOnlyDecodedOnceSoItIsJustAnUnknownPath() throws {
        let response = try RawClient.exchange(port: running.port, "GET /%252e%252e/etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n")
        XCTAssertEqual(response.statusCode, 404, response)
        try assertStillServing()
    }

    func testUnknownPathsAre404() throws {
        for path in ["/nothing", "/hello/", "/HELLO", "/hello.html"] {
            let response = try RawClient.exchange(port: running.port, "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
            XCTAssertEqual(response.statusCode, 404, "\(path): \(response)")
        }
        try assertStillServing()
    }

    func testWrongMethodsAre405WithAllow() throws {
        for method in ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "BREW"] {
            let response = try RawClient.exchange(port: running.port, "\(method) /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")
            XCTAssertEqual(response.statusCode, 405, "\(method): \(response)")
            XCTAssertEqual(response.header("Allow"), "GET, HEAD")
        }
        try assertStillServing()
    }

    func testHeadSendsTheHeadersWithoutTheBody() throws {
        let response = try RawClient.exchange(port: running.port, "HEAD /hello HTTP/1.1\r\nHost: localhost\r\n\r\n")
        XCTAssertEqual(response.statusCode, 200)
        XCTAssertEqual(response.header("Content-Length"), "5")
        XCTAssertEqual(response.responseBody, "")
    }

    func testGarbageAndSmugglingAttemptsAre400Or501() throws {
        let cases: [(String, Int)] = [
            ("\u{1}\u{2}garbage\r\n\r\n", 400),
            ("GET /hello HTTP/2.0\r\nHost: a\r\n\r\n", 505),
            ("GET /hello HTTP/1.1\r\n\r\n", 400),
            ("GET /hello HTTP/1.1\r\nHost: a\r\n Folded: yes\r\n\r\n", 400),
            ("GET /hello HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
            ("GET /hello HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
            ("GET /hello HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501),
            ("GET /hello HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n", 413),
        ]
        for (request, status) in cases {
            let response = try RawClient.exchange(port: running.port, request)
            XCTAssertEqual(response.statusCode, status, "\(request.debugDescription): \(response)")
        }
        try assertStillServing()
    }

    func testAClientThatConnectsAndLeavesDoesNotStopTheServer() throws {
        for _ in 0..<5 { try RawClient(port: running.port).close() }
        try assertStillServing()
    }
}
