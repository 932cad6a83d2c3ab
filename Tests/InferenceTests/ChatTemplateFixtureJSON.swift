import Foundation
@testable import Inference

/// Reads the fixture JSON into `TemplateValue`s keeping object key order
/// (Foundation's JSONSerialization does not, and `tojson` output depends on it).
struct FixtureJSONReader {
    private let bytes: [UInt8]
    private var index = 0

    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "fixture JSON is malformed at byte \(offset)" }
    }

    static func parse(_ data: Data) throws -> TemplateValue {
        var reader = FixtureJSONReader(bytes: Array(data))
        let value = try reader.value()
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw Failure(offset: reader.index) }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private mutating func value() throws -> TemplateValue {
        skipSpace()
        guard index < bytes.count else { throw Failure(offset: index) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var entries: [TemplateEntry] = []
            skipSpace()
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(entries) }
            while true {
                skipSpace()
                guard case .string(let key) = try value() else { throw Failure(offset: index) }
                skipSpace()
                guard bytes[index] == UInt8(ascii: ":") else { throw Failure(offset: index) }
                index += 1
                entries.append(TemplateEntry(key: key, value: try value()))
                skipSpace()
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "}") else { throw Failure(offset: index) }
                index += 1
                return .object(entries)
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [TemplateValue] = []
            skipSpace()
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { throw Failure(offset: index) }
                index += 1
                return .array(items)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): index += 4; return .bool(true)
        case UInt8(ascii: "f"): index += 5; return .bool(false)
        case UInt8(ascii: "n"): index += 4; return .none
        default:
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if let i = Int(text) { return .int(i) }
            guard let d = Double(text) else { throw Failure(offset: start) }
            return .double(d)
        }
    }

    private mutating func string() throws -> String {
        index += 1
        var utf16: [UInt16] = []
        var raw: [UInt8] = []
        func flush() { utf16 += String(decoding: raw, as: UTF8.self).utf16; raw.removeAll() }
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                flush()
                return String(decoding: utf16, as: UTF16.self)
            }
            if b == UInt8(ascii: "\\") {
                flush()
                let e = bytes[index + 1]
                index += 2
                switch e {
                case UInt8(ascii: "n"): utf16.append(0x0A)
                case UInt8(ascii: "t"): utf16.append(0x09)
                case UInt8(ascii: "r"): utf16.append(0x0D)
                case UInt8(ascii: "b"): utf16.append(0x08)
                case UInt8(ascii: "f"): utf16.append(0x0C)
                case UInt8(ascii: "u"):
                    guard let unit = UInt16(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else { throw Failure(offset: index) }
                    utf16.append(unit)
                    index += 4
                default: utf16.append(UInt16(e))
                }
                continue
            }
            raw.append(b)
            index += 1
        }
        throw Failure(offset: index)
    }
}

extension TemplateValue {
    subscript(key: String) -> TemplateValue? {
        guard case .object(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
