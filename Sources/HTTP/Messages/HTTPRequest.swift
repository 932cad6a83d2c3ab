/// One parsed request: what a handler sees.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The request target as sent (`/figures.json?token=…`).
    public var target: String
    /// The percent-decoded path, checked: starts with `/`, no `.`/`..` segments, no NUL or backslash.
    public var path: String
    /// Query parameters, percent-decoded (`+` is a space); the last of a repeated name wins.
    public var query: [String: String]
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    /// Header fields in arrival order, names as sent.
    public var headers: [(name: String, value: String)]

    public init(method: String, target: String, path: String, query: [String: String], version: String,
                headers: [(name: String, value: String)]) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
    }

    /// The first value of header `name` (names compare case-insensitively).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The value of cookie `name` (case-sensitive, as cookies are) from the `Cookie` header(s).
    public func cookie(_ name: String) -> String? {
        for field in headers where field.name.lowercased() == "cookie" {
            for pair in field.value.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingSpaces == name { return String(parts[1].trimmingSpaces) }
            }
        }
        return nil
    }

    public static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.target == b.target && a.version == b.version
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
