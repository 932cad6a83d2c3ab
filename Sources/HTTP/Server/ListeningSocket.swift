#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP socket bound to one address and listening: the only place that talks to the socket API for setup.
struct ListeningSocket: Sendable {
    let descriptor: Int32
    /// The port actually bound (the one asked for, or the kernel's choice for 0).
    let port: UInt16

    /// Addresses that only this machine can reach.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1 && UInt32(bigEndian: address.s_addr) >> 24 == 127
    }

    init(host: String, port: UInt16, backlog: Int32) throws(HTTPServerError) {
        let name = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        let family: Int32
        if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
            family = AF_INET
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
        } else if inet_pton(AF_INET6, name, &v6.sin6_addr) == 1 {
            family = AF_INET6
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
        } else {
            throw .invalidHost(host)
        }
        #if canImport(Glibc)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(family, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw .socket(operation: "open a socket for", host: host, port: port, errno: errno) }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound: Int32 = family == AF_INET
            ? withUnsafePointer(to: &v4) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            : withUnsafePointer(to: &v6) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        guard bound == 0 else {
            let code = errno
            closeDescriptor(fd)
            throw .socket(operation: "listen on", host: host, port: port, errno: code)
        }
        guard listen(fd, backlog) == 0 else {
            let code = errno
            closeDescriptor(fd)
            throw .socket(operation: "listen on", host: host, port: port, errno: code)
        }
        var local = sockaddr_in6()
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        // sin_port and sin6_port sit at the same offset.
        self.port = UInt16(bigEndian: local.sin6_port)
        self.descriptor = fd
    }

    /// Waits up to `milliseconds` for a connection; nil when none arrived.
    func accept(waitingAtMost milliseconds: Int32) -> Int32? {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, milliseconds) == 1 else { return nil }
        #if canImport(Glibc)
        let connection = Glibc.accept(descriptor, nil, nil)
        #else
        let connection = Darwin.accept(descriptor, nil, nil)
        #endif
        guard connection >= 0 else {
            // Out of descriptors, say: back off instead of spinning on a listener that stays readable.
            usleep(10_000)
            return nil
        }
        // Not inherited by anything the process starts.
        _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
        return connection
    }

    func close() {
        closeDescriptor(descriptor)
    }
}
