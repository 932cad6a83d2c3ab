import Foundation

/// A response a handler returns; the server adds `Content-Length`, `Date` and `Connection: close`.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A UTF-8 text body with its content type.
    public init(status: HTTPStatus = .ok, contentType: String, text: String, headers: [(name: String, value: String)] = []) {
        self.init(status: status, headers: [("Content-Type", contentType)] + headers, body: Array(text.utf8))
    }

    /// A short plain-text error page: the status line's words and a sentence.
    public static func error(_ status: HTTPStatus, _ detail: String? = nil, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        let text = "\(status.code) \(status.reason)" + (detail.map { "\n\($0)" } ?? "") + "\n"
        return HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", text: text, headers: headers)
    }

    /// The bytes on the wire. A HEAD response keeps `Content-Length` but sends no body.
    func serialized(omitBody: Bool, date: Date = Date()) -> [UInt8] {
        var head = "HTTP/1.1 \(status.code) \(status.reason)\r\n"
        for (name, value) in headers {
            head += "\(name): \(Self.headerSafe(value))\r\n"
        }
        head += "Content-Length: \(body.count)\r\n"
        head += "Date: \(Self.httpDate(date))\r\n"
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + (omitBody ? [] : body)
    }

    /// CR and LF in a value would start a new header (response splitting); they become spaces.
    private static func headerSafe(_ value: String) -> String {
        String(value.map { $0 == "\r" || $0 == "\n" ? " " : $0 })
    }

    /// IMF-fixdate, e.g. `Wed, 02 Dec 2026 10:05:00 GMT`.
    static func httpDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        let c = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", days[(c.weekday ?? 1) - 1], c.day ?? 1,
                      months[(c.month ?? 1) - 1], c.year ?? 1970, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
