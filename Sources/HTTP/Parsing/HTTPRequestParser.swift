/// Limits a request must stay within; past any of them the server answers with an error and closes.
public struct HTTPLimits: Sendable, Equatable {
    /// The request line and every header line, with their line ends.
    public var maxHeaderBytes: Int
    public var maxHeaderCount: Int
    /// A GET needs no body; one up to this size is read and ignored.
    public var maxBodyBytes: Int

    public init(maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 64 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}

/// An incremental HTTP/1.1 request parser with explicit states: bytes arrive in
/// any split, and every state checks its limit before it buffers more.
///
/// Request line → header lines → body (by `Content-Length`) → complete. Chunked
/// request bodies are refused (501): a read-only server has no use for them,
/// and refusing them rules out request smuggling through length disagreements.
public struct HTTPRequestParser: Sendable {
    public enum Outcome: Sendable, Equatable {
        case needMore
        case complete(HTTPRequest)
        /// The status to answer with and a sentence for the body.
        case failure(HTTPStatus, String)
    }

    enum State: Sendable, Equatable {
        case requestLine
        case headers
        case body(remaining: Int)
        case done
    }

    public let limits: HTTPLimits
    private(set) var state: State = .requestLine
    private var buffer: [UInt8] = []
    /// Bytes of `buffer` already consumed as complete lines.
    private var consumed = 0
    private var headerBytes = 0
    private var method = ""
    private var target = ""
    private var version = ""
    private var headers: [(name: String, value: String)] = []

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Feeds newly received bytes.
    public mutating func consume(_ bytes: some Sequence<UInt8>) -> Outcome {
        buffer.append(contentsOf: bytes)
        while true {
            switch state {
            case .requestLine, .headers:
                guard let lineEnd = buffer[consumed...].firstIndex(of: UInt8(ascii: "\n")) else {
                    return checkPartialLine()
                }
                var line = buffer[consumed..<lineEnd]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                headerBytes += lineEnd + 1 - consumed
                consumed = lineEnd + 1
                if headerBytes > limits.maxHeaderBytes {
                    return state == .requestLine
                        ? .failure(.uriTooLong, "the request line is longer than \(limits.maxHeaderBytes) bytes")
                        : .failure(.headersTooLarge, "the header section is larger than \(limits.maxHeaderBytes) bytes")
                }
                let outcome = state == .requestLine ? parseRequestLine(line) : parseHeaderLine(line)
                if outcome != .needMore { return outcome }
            case .body(let remaining):
                let available = buffer.count - consumed
                if available >= remaining {
                    consumed += remaining
                    state = .done
                } else {
                    consumed = buffer.count
                    state = .body(remaining: remaining - available)
                    buffer.removeAll(keepingCapacity: true)
                    consumed = 0
                    return .needMore
                }
            case .done:
                do {
                    let (path, query) = try HTTPRequestTarget.split(target)
                    return .complete(HTTPRequest(method: method, target: target, path: path, query: query, version: version, headers: headers))
                } catch {
                    return .failure(.badRequest, error.message)
                }
            }
        }
    }

    /// With no line end yet, the unfinished line still counts against the limit.
    private func checkPartialLine() -> Outcome {
        guard headerBytes + (buffer.count - consumed) > limits.maxHeaderBytes else { return .needMore }
        return state == .requestLine
            ? .failure(.uriTooLong, "the request line is longer than \(limits.maxHeaderBytes) bytes")
            : .failure(.headersTooLarge, "the header section is larger than \(limits.maxHeaderBytes) bytes")
    }

    private mutating func parseRequestLine(_ line: ArraySlice<UInt8>) -> Outcome {
        // RFC 9112 §2.2: a server should ignore at least one empty line before the request line.
        if line.isEmpty { return .needMore }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }),
              parts[0].allSatisfy(HTTPRequestParser.isTokenCharacter),
              parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(.badRequest, "malformed request line")
        }
        method = String(decoding: parts[0], as: UTF8.self)
        target = String(decoding: parts[1], as: UTF8.self)
        version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return version.hasPrefix("HTTP/") ? .failure(.versionNotSupported, "only HTTP/1.0 and HTTP/1.1 are spoken here")
                                              : .failure(.badRequest, "malformed request line")
        }
        state = .headers
        return .needMore
    }

    private mutating func parseHeaderLine(_ line: ArraySlice<UInt8>) -> Outcome {
        if line.isEmpty { return endOfHeaders() }
        guard headers.count < limits.maxHeaderCount else {
            return .failure(.headersTooLarge, "more than \(limits.maxHeaderCount) header fields")
        }
        // Obsolete line folding (a line starting with white space) is refused, as RFC 9112 §5.2 allows.
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
              line[line.startIndex..<colon].allSatisfy(HTTPRequestParser.isTokenCharacter) else {
            return .failure(.badRequest, "malformed header line")
        }
        let value = line[(colon + 1)...]
        guard !value.contains(0), !value.contains(UInt8(ascii: "\r")) else {
            return .failure(.badRequest, "a header value holds a control character")
        }
        let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
        headers.append((name, String(String(decoding: value, as: UTF8.self)[...].trimmingSpaces)))
        return .needMore
    }

    private mutating func endOfHeaders() -> Outcome {
        let names = headers.map { $0.name.lowercased() }
        if names.contains("transfer-encoding") {
            return .failure(.notImplemented, "chunked request bodies are not accepted")
        }
        if version == "HTTP/1.1", names.filter({ $0 == "host" }).count != 1 {
            return .failure(.badRequest, "an HTTP/1.1 request needs exactly one Host header")
        }
        let lengths = Set(headers.filter { $0.name.lowercased() == "content-length" }.map(\.value))
        guard lengths.count <= 1 else { return .failure(.badRequest, "conflicting Content-Length headers") }
        var length = 0
        if let text = lengths.first {
            guard !text.isEmpty, text.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text) else {
                return .failure(.badRequest, "Content-Length is not a number")
            }
            guard value <= limits.maxBodyBytes else {
                return .failure(.payloadTooLarge, "the body is larger than \(limits.maxBodyBytes) bytes")
            }
            length = value
        }
        state = length > 0 ? .body(remaining: length) : .done
        return .needMore
    }

    /// RFC 9110 `tchar`: the characters of methods and header names.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
