import Foundation

/// Finds keys that repeat inside one JSON object.
///
/// JSONSerialization silently keeps the last of two equal keys, so a header
/// could name a tensor twice and readers would disagree on which is meant;
/// this scan makes that an error. It runs only on text JSONSerialization has
/// already accepted, so it can assume well-formed JSON.
enum JSONDuplicateKeys {
    /// The first repeated key and its byte offset in `bytes`, or nil.
    static func first(in bytes: UnsafeRawBufferPointer) -> (key: String, offset: Int)? {
        struct Container {
            let isObject: Bool
            var keys: Set<String> = []
            var expectingKey: Bool
        }
        var stack: [Container] = []
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"): stack.append(Container(isObject: true, expectingKey: true))
            case UInt8(ascii: "["): stack.append(Container(isObject: false, expectingKey: false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ","): if stack.last?.isObject == true { stack[stack.count - 1].expectingKey = true }
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1  // skip the escaped character
                }
                let end = min(i + 1, bytes.count)
                if let top = stack.last, top.isObject, top.expectingKey {
                    let raw = Data(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                    // Decode escapes so "\u0061" and "a" compare equal.
                    let key = (try? JSONSerialization.jsonObject(with: raw, options: .fragmentsAllowed)) as? String
                        ?? String(decoding: raw, as: UTF8.self)
                    guard stack[stack.count - 1].keys.insert(key).inserted else { return (key, start) }
                    stack[stack.count - 1].expectingKey = false
                }
            default: break
            }
            i += 1
        }
        return nil
    }
}
