#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a server could not be set up.
public enum HTTPServerError: Error, CustomStringConvertible, Equatable {
    case invalidHost(String)
    /// Binding `host` (not loopback) without an access token.
    case tokenRequired(host: String)
    case tokenTooShort(minimum: Int)
    case socket(operation: String, host: String, port: UInt16, errno: Int32)

    public var description: String {
        switch self {
        case .invalidHost(let host):
            return "'\(host)' is not an IP address (use 127.0.0.1, ::1, 0.0.0.0, :: or an address of this machine)"
        case .tokenRequired(let host):
            return "listening on \(host) makes the page reachable from the network: give an access token "
                + "(--token or APIARY_DASHBOARD_TOKEN), or bind 127.0.0.1"
        case .tokenTooShort(let minimum):
            return "the access token must have at least \(minimum) characters"
        case .socket(let operation, let host, let port, let code):
            return "cannot \(operation) \(host):\(port): \(String(cString: strerror(code)))"
        }
    }
}
