import Foundation
import HTTP
import XCTest

/// The connection cap and stopping: clients that hold connections open neither
/// lock others out for good nor keep the server from stopping.
final class ServerLifetimeTests: XCTestCase {
    func testConnectionsBeyondTheCapAre503AndTheServerRecovers() throws {
        let running = try RunningServer(RunningServer.configuration())
        defer { XCTAssertTrue(running.stop()) }
        // Eight stalled clients fill every slot (the cap in RunningServer's configuration).
        let stalled = try (0..<8).map { _ in try RawClient(port: running.port) }
        for client in stalled { client.send("GET /hello HTTP/1.1\r\n") }
        usleep(100_000)
        let refused = try RawClient.exchange(port: running.port, "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n")
        XCTAssertEqual(refused.statusCode, 503, refused)
        // The stalled ones are answered 408 at their deadline and closed, which frees the slots.
        for client in stalled {
            XCTAssertEqual(client.receiveAll(within: 5).statusCode, 408)
            client.close()
        }
        var served = ""
        for _ in 0..<20 where served.statusCode != 200 {
            usleep(50_000)
            served = try RawClient.exchange(port: running.port, "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n")
        }
        XCTAssertEqual(served.statusCode, 200, served)
    }

    func testStoppingDoesNotWaitForAClientThatNeverFinishesSending() throws {
        let running = try RunningServer(RunningServer.configuration(timeout: 30))
        let client = try RawClient(port: running.port)
        defer { client.close() }
        client.send("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        usleep(100_000)
        let started = Date()
        XCTAssertTrue(running.stop(within: 5), "the server did not stop")
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "stopping waited for the slow client (timeout 30 s)")
        XCTAssertEqual(client.receiveAll(within: 2), "", "a request not yet received is dropped, not answered")
    }
}
