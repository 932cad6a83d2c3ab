import Foundation
import HTTP
import XCTest

/// Beyond loopback a token is required and checked on every request.
final class AccessTokenTests: XCTestCase {
    private let token = "correct-horse-battery-staple"

    func testANonLoopbackBindWithoutATokenIsRefused() {
        XCTAssertThrowsError(try HTTPServer(configuration: RunningServer.configuration(host: "0.0.0.0")) { _ in .error(.notFound) }) { error in
            XCTAssertEqual(error as? HTTPServerError, .tokenRequired(host: "0.0.0.0"))
        }
    }

    func testAShortTokenIsRefused() {
        XCTAssertThrowsError(try HTTPServer(configuration: RunningServer.configuration(host: "0.0.0.0", token: "1234")) { _ in .error(.notFound) })
    }

    func testAHostThatIsNotAnAddressIsRefused() {
        XCTAssertThrowsError(try HTTPServer(configuration: RunningServer.configuration(host: "dashboard.example", token: token)) { _ in .error(.notFound) }) { error in
            XCTAssertEqual(error as? HTTPServerError, .invalidHost("dashboard.example"))
        }
    }

    func testEveryRequestOnANonLoopbackBindNeedsTheToken() throws {
        let running = try RunningServer(RunningServer.configuration(host: "0.0.0.0", token: token))
        defer { XCTAssertTrue(running.stop()) }
        func get(_ target: String, _ headers: String = "") throws -> String {
            try RawClient.exchange(port: running.port, "GET \(target) HTTP/1.1\r\nHost: h\r\n\(headers)\r\n")
        }
        let refused = [
            try get("/hello"),
            try get("/hello", "Authorization: Bearer wrong-horse-battery-staple\r\n"),
            try get("/hello", "Authorization: Bearer \(token)x\r\n"),
            try get("/hello", "Authorization: Bearer \(token.dropLast())\r\n"),
            try get("/hello?token=wrong"),
            try get("/hello", "Cookie: apiary_token=wrong\r\n"),
            try get("/nothing"),
            try RawClient.exchange(port: running.port, "POST /hello HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"),
        ]
        for response in refused {
            XCTAssertEqual(response.statusCode, 401, response)
            XCTAssertEqual(response.header("WWW-Authenticate"), "Bearer realm=\"apiary\"")
        }
        XCTAssertEqual(try get("/hello", "Authorization: Bearer \(token)\r\n").statusCode, 200)
        let viaQuery = try get("/hello?x=1&token=\(token)")
        XCTAssertEqual(viaQuery.statusCode, 302, viaQuery)
        XCTAssertEqual(viaQuery.header("Location"), "/hello?x=1")
        XCTAssertEqual(viaQuery.header("Set-Cookie"), "apiary_token=\(token); Path=/; HttpOnly; SameSite=Strict")
        XCTAssertEqual(try get("/hello", "Cookie: theme=dark; apiary_token=\(token)\r\n").statusCode, 200)
        XCTAssertEqual(try get("/nothing", "Authorization: Bearer \(token)\r\n").statusCode, 404)
    }

    func testLoopbackNeedsNoToken() throws {
        let running = try RunningServer(RunningServer.configuration())
        defer { XCTAssertTrue(running.stop()) }
        XCTAssertEqual(try RawClient.exchange(port: running.port, "GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").statusCode, 200)
    }
}
