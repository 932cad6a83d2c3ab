import Foundation
import Synchronization

/// What a server listens on and how much it accepts.
public struct HTTPServerConfiguration: Sendable {
    /// An IP address; loopback (127.0.0.1, ::1, localhost) unless an access token is given.
    public var host: String
    /// 0 lets the kernel choose a free port (tests); `HTTPServer.port` tells which.
    public var port: UInt16
    /// Required for a non-loopback host; then checked on every request.
    public var token: String?
    public var limits: HTTPLimits
    /// Seconds a client has to send its whole request (a slow or stalled sender is answered 408 and closed)
    /// and, separately, to take the response.
    public var requestTimeout: Double
    /// Connections served at once; more are answered 503 at once.
    public var maxConnections: Int
    /// Methods the handler serves; others get 405 with `Allow`.
    public var methods: [String]

    public init(host: String = "127.0.0.1", port: UInt16 = 8377, token: String? = nil, limits: HTTPLimits = HTTPLimits(),
                requestTimeout: Double = 10, maxConnections: Int = 32, methods: [String] = ["GET", "HEAD"]) {
        self.host = host
        self.port = port
        self.token = token
        self.limits = limits
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
        self.methods = methods
    }
}

/// Answers one request. Called on the connection's own thread.
public typealias HTTPHandler = @Sendable (HTTPRequest) -> HTTPResponse

/// A small HTTP/1.1 server: one thread per connection (at most
/// `maxConnections`), one request per connection (`Connection: close`), every
/// read and write under a deadline.
///
/// `init` binds and listens, so a busy port or a missing token fails before
/// anything runs; `run()` serves until `stop()` (safe from any thread or a
/// signal-watching loop) and returns once open connections have finished.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    /// The port listened on.
    public let port: UInt16
    private let socket: ListeningSocket
    private let access: AccessToken?
    private let handler: HTTPHandler
    private let active = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)

    public init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler) throws(HTTPServerError) {
        if let token = configuration.token {
            access = try AccessToken(token)
        } else if !ListeningSocket.isLoopback(configuration.host) {
            throw .tokenRequired(host: configuration.host)
        } else {
            access = nil
        }
        self.configuration = configuration
        self.handler = handler
        socket = try ListeningSocket(host: configuration.host, port: configuration.port, backlog: 64)
        port = socket.port
    }

    /// The address to open in a browser, e.g. `http://127.0.0.1:8377/`.
    public var url: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(port)/"
    }

    /// Serves until `stop()` is called.
    public func run() {
        while !stopping.load(ordering: .relaxed) {
            guard let descriptor = socket.accept(waitingAtMost: 100) else { continue }
            let connection = Connection(descriptor: descriptor)
            if active.add(1, ordering: .relaxed).newValue > configuration.maxConnections {
                active.subtract(1, ordering: .relaxed)
                let busy = HTTPResponse.error(.serviceUnavailable, "too many connections; try again")
                connection.write(busy.serialized(omitBody: false), before: monotonicSeconds() + 0.5)
                connection.closeGracefully(lingering: 0.1)
                continue
            }
            Thread { [self] in
                serve(connection)
                active.subtract(1, ordering: .relaxed)
            }.start()
        }
        socket.close()
        // Requests still being read are dropped at once; answers being written get their write deadline.
        let deadline = monotonicSeconds() + configuration.requestTimeout + 1
        while active.load(ordering: .relaxed) > 0 && monotonicSeconds() < deadline { usleep(10_000) }
    }

    /// Makes `run()` return: within a tenth of a second when idle; connections still
    /// sending their request are closed, answers already being written are finished.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    private func serve(_ connection: Connection) {
        var parser = HTTPRequestParser(limits: configuration.limits)
        var buffer = [UInt8](repeating: 0, count: 8192)
        let deadline = monotonicSeconds() + configuration.requestTimeout
        var response: HTTPResponse
        var isHead = false
        reading: while true {
            // A request still arriving when the server stops is dropped: stopping waits for no slow client.
            if stopping.load(ordering: .relaxed) {
                connection.closeGracefully(lingering: 0)
                return
            }
            switch connection.read(into: &buffer, before: min(deadline, monotonicSeconds() + 0.1)) {
            case .closed:
                connection.closeGracefully(lingering: 0)
                return
            case .timedOut:
                guard monotonicSeconds() >= deadline else { continue }
                response = .error(.requestTimeout, "the request was not complete within \(configuration.requestTimeout) s")
                break reading
            case .bytes(let bytes):
                switch parser.consume(bytes) {
                case .needMore:
                    continue
                case .failure(let status, let message):
                    response = .error(status, message)
                    break reading
                case .complete(let request):
                    isHead = request.method == "HEAD"
                    response = answer(request)
                    break reading
                }
            }
        }
        connection.write(response.serialized(omitBody: isHead), before: monotonicSeconds() + configuration.requestTimeout)
        connection.closeGracefully(lingering: min(1, configuration.requestTimeout))
    }

    /// Access first (a stranger learns nothing, not even which methods exist), then the method, then the handler.
    func answer(_ request: HTTPRequest) -> HTTPResponse {
        if let access {
            switch access.presentation(in: request) {
            case nil:
                return .error(.unauthorized, "an access token is required (Authorization: Bearer, or ?token=)",
                              headers: [("WWW-Authenticate", "Bearer realm=\"apiary\"")])
            case .query:
                // The token moves into a cookie and out of the address bar (and of history and referrers).
                return HTTPResponse(status: .found, headers: [("Location", Self.removingToken(from: request.target)),
                                                              ("Set-Cookie", access.setCookie), ("Cache-Control", "no-store")])
            case .header, .cookie:
                break
            }
        }
        guard configuration.methods.contains(request.method) else {
            return .error(.methodNotAllowed, "this server only answers \(configuration.methods.joined(separator: " and "))",
                          headers: [("Allow", configuration.methods.joined(separator: ", "))])
        }
        return handler(request)
    }

    /// `/page?token=T&x=1` → `/page?x=1`.
    static func removingToken(from target: String) -> String {
        let parts = target.split(separator: "?", maxSplits: 1)
        guard parts.count == 2 else { return target }
        let kept = parts[1].split(separator: "&").filter { !$0.hasPrefix(AccessToken.queryName + "=") && $0 != AccessToken.queryName }
        return String(parts[0]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }
}
