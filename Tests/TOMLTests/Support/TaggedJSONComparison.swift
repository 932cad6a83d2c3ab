import Foundation
@testable import TOML

/// Compares two toml-test tagged JSON documents the way the toml-test harness does: same
/// structure and types; floats numerically (nan equals nan); date-times by their components, so
/// `17:45:56.6Z` equals `17:45:56.600Z`; everything else as text.
enum TaggedJSONComparison {
    /// `nil` when equal, else a description of the first difference.
    static func difference(expected: Data, actual: Data) -> String? {
        let expectedObject: Any
        let actualObject: Any
        do {
            expectedObject = try JSONSerialization.jsonObject(with: expected, options: [.fragmentsAllowed])
        } catch {
            return "expected JSON does not parse: \(error)"
        }
        do {
            actualObject = try JSONSerialization.jsonObject(with: actual, options: [.fragmentsAllowed])
        } catch {
            return "decoder output is not JSON: \(error)\n\(String(decoding: actual, as: UTF8.self))"
        }
        return difference(expectedObject, actualObject, path: "$")
    }

    private static func difference(_ expected: Any, _ actual: Any, path: String) -> String? {
        switch (expected, actual) {
        case let (expected as [String: Any], actual as [String: Any]):
            if let tag = scalarTag(expected) {
                guard let actualTag = scalarTag(actual) else { return "\(path): expected \(tag), found \(actual)" }
                return compareScalars(tag, actualTag, path: path)
            }
            if Set(expected.keys) != Set(actual.keys) {
                return "\(path): keys differ: expected \(expected.keys.sorted()), found \(actual.keys.sorted())"
            }
            for (key, expectedValue) in expected.sorted(by: { $0.key < $1.key }) {
                guard let actualValue = actual[key] else { return "\(path): missing key \(key)" }
                if let found = difference(expectedValue, actualValue, path: "\(path).\(key)") { return found }
            }
            return nil
        case let (expected as [Any], actual as [Any]):
            guard expected.count == actual.count else {
                return "\(path): expected \(expected.count) elements, found \(actual.count)"
            }
            for (index, (left, right)) in zip(expected, actual).enumerated() {
                if let found = difference(left, right, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return "\(path): expected \(expected), found \(actual)"
        }
    }

    private static func scalarTag(_ object: [String: Any]) -> (type: String, value: String)? {
        guard object.count == 2, let type = object["type"] as? String, let value = object["value"] as? String else {
            return nil
        }
        return (type, value)
    }

    private static func compareScalars(_ expected: (type: String, value: String), _ actual: (type: String, value: String),
                                       path: String) -> String? {
        guard expected.type == actual.type else {
            return "\(path): expected type \(expected.type), found \(actual.type) (\(actual.value))"
        }
        let equal: Bool
        switch expected.type {
        case "float":
            guard let left = Double(expected.value), let right = Double(actual.value) else {
                return "\(path): float does not parse: \(expected.value) / \(actual.value)"
            }
            equal = left == right || (left.isNaN && right.isNaN)
        case "datetime", "datetime-local", "date-local", "time-local":
            equal = dateTimeComponents(expected.value) == dateTimeComponents(actual.value)
                && dateTimeComponents(expected.value) != nil
        default:
            equal = expected.value == actual.value
        }
        return equal ? nil : "\(path): expected \(expected.type) \(expected.value), found \(actual.value)"
    }

    /// Date-time text parsed into components by reading it as a TOML value.
    private static func dateTimeComponents(_ text: String) -> TOMLValue.Kind? {
        (try? TOMLDocument(parsing: "v = \(text)"))?.root["v"]?.kind
    }
}
