#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import XCTest

/// A client over a real TCP socket that sends exactly the bytes a test gives, however hostile.
struct RawClient {
    let descriptor: Int32

    init(port: UInt16, file: StaticString = #filePath, line: UInt = #line) throws {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            XCTFail("connect failed: \(String(cString: strerror(errno)))", file: file, line: line)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    /// Sends `text`; false when the server already closed (a reset).
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        return bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, flags) } == bytes.count
    }

    /// Everything the server sends until it closes, or until `seconds` pass.
    func receiveAll(within seconds: Double = 5) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) >= 0 else { break }
            if entry.revents == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    func close() {
        _ = Glibc.close(descriptor)
    }

    /// One request, its whole response.
    static func exchange(port: UInt16, _ request: String) throws -> String {
        let client = try RawClient(port: port)
        defer { client.close() }
        client.send(request)
        return client.receiveAll()
    }
}

extension String {
    /// The status code of a raw response (`HTTP/1.1 404 Not Found…` → 404), or 0.
    var statusCode: Int {
        guard hasPrefix("HTTP/1.1 ") else { return 0 }
        return Int(dropFirst(9).prefix(3)) ?? 0
    }

    func header(_ name: String) -> String? {
        for line in components(separatedBy: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() { return parts[1].trimmingCharacters(in: .whitespaces) }
            if line.isEmpty { break }
        }
        return nil
    }

    var responseBody: String {
        guard let range = range(of: "\r\n\r\n") else { return "" }
        return String(self[range.upperBound...])
    }
}
