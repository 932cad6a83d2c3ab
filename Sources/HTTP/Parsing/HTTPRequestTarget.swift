/// Why a request target was refused.
public struct HTTPTargetError: Error, Sendable, Equatable {
    public var message: String
}

/// Splits and checks a request target (`/path?query`).
///
/// The path is percent-decoded once and then checked, so `/%2e%2e/` is caught
/// like `/../`: no `.` or `..` segment, no NUL, no backslash, no empty
/// segment other than a trailing slash. Handlers then match whole paths and
/// never touch the file system with them.
enum HTTPRequestTarget {
    static func split(_ target: String) throws(HTTPTargetError) -> (path: String, query: [String: String]) {
        guard target.hasPrefix("/") else {
            throw HTTPTargetError(message: "the request target must be a path starting with /")
        }
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = parts[0].split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let path = try decode(rawPath, plusIsSpace: false)
        guard !path.contains("\0"), !path.contains("\\") else {
            throw HTTPTargetError(message: "the path holds a NUL or a backslash")
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            if segment == "." || segment == ".." { throw HTTPTargetError(message: "the path has a '\(segment)' segment") }
            if segment.isEmpty && index != segments.count - 1 { throw HTTPTargetError(message: "the path has an empty segment") }
        }
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = try decode(nameValue[0], plusIsSpace: true)
                query[name] = nameValue.count == 2 ? try decode(nameValue[1], plusIsSpace: true) : ""
            }
        }
        return (path, query)
    }

    /// Percent-decoding; a `%` not followed by two hex digits, or bytes that are not UTF-8, are errors.
    static func decode(_ text: Substring, plusIsSpace: Bool) throws(HTTPTargetError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard iterator.count >= 2, let high = hexValue(iterator.popFirst()!), let low = hexValue(iterator.popFirst()!) else {
                    throw HTTPTargetError(message: "bad percent-encoding in the request target")
                }
                bytes.append(high << 4 | low)
            } else if plusIsSpace && byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw HTTPTargetError(message: "the request target is not UTF-8 once decoded")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
