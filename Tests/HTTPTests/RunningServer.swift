import Foundation
import HTTP

/// A server on a free loopback port, serving `/hello` (and 404 for the rest), run on its own thread.
final class RunningServer {
    let server: HTTPServer
    private let finished = DispatchSemaphore(value: 0)

    init(_ configuration: HTTPServerConfiguration) throws {
        server = try HTTPServer(configuration: configuration) { request in
            request.path == "/hello" ? HTTPResponse(contentType: "text/plain", text: "hello") : .error(.notFound)
        }
        let server = self.server
        let finished = self.finished
        Thread {
            server.run()
            finished.signal()
        }.start()
    }

    var port: UInt16 { server.port }

    /// Stops the server; true when `run()` returned within `seconds`.
    func stop(within seconds: Double = 5) -> Bool {
        server.stop()
        return finished.wait(timeout: .now() + seconds) == .success
    }

    static func configuration(host: String = "127.0.0.1", token: String? = nil, timeout: Double = 0.5) -> HTTPServerConfiguration {
        HTTPServerConfiguration(host: host, port: 0, token: token, limits: HTTPLimits(maxHeaderBytes: 1024, maxBodyBytes: 256),
                                requestTimeout: timeout, maxConnections: 8)
    }
}
