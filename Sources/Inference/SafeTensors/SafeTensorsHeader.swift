import Foundation

/// One tensor as the header describes it, after validation.
public struct SafeTensorsTensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: SafeTensorsDType
    public let shape: [Int]
    /// Byte range inside the data section (which starts after the header).
    public let dataRange: Range<Int>

    /// Product of the dimensions (1 for a scalar).
    public var elementCount: Int { dataRange.count / dtype.byteCount }
}

/// Parses and validates the JSON header of a safetensors file.
///
/// Keys must be unique, every number must be a non-negative integer, every size is
/// computed with overflow checks, and every tensor's range must lie inside
/// the data section, hold exactly shape × dtype bytes, and not overlap another
/// tensor — all before any tensor byte is touched.
enum SafeTensorsHeader {
    /// The safetensors reference implementation refuses headers above 100 MB;
    /// so does this reader, so a hostile length cannot make it parse gigabytes.
    static let maximumLength = 100_000_000

    struct Parsed {
        var tensors: [SafeTensorsTensorInfo]
        var metadata: [String: String]
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, dataSize: Int, path: String?) throws(SafeTensorsError) -> Parsed {
        func fail(_ kind: SafeTensorsError.Kind, _ field: String) -> SafeTensorsError {
            SafeTensorsError(kind, field: field, path: path)
        }
        // Validate UTF-8 ourselves: JSONSerialization's message for bad bytes does not say so.
        guard String(validating: bytes, as: UTF8.self) != nil else { throw fail(.headerNotUTF8, "header") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw fail(.headerNotJSON(reason: "\(error.localizedDescription)"), "header")
        }
        guard let entries = object as? [String: Any] else {
            throw fail(.headerNotJSON(reason: "the top level is not an object"), "header")
        }
        if let duplicate = JSONDuplicateKeys.first(in: bytes) {
            throw fail(.duplicateKey(duplicate.key, offset: duplicate.offset), "header")
        }

        var parsed = Parsed(tensors: [], metadata: [:])
        // Sorted so errors and tensor order do not depend on dictionary order.
        for name in entries.keys.sorted() {
            let value = entries[name] as Any
            if name == "__metadata__" {
                parsed.metadata = try metadata(value, fail: fail)
                continue
            }
            parsed.tensors.append(try tensor(name, value, dataSize: dataSize, fail: fail))
        }

        // Ranges in file order; each must start at or after the previous end.
        parsed.tensors.sort { ($0.dataRange.lowerBound, $0.dataRange.upperBound, $0.name) < ($1.dataRange.lowerBound, $1.dataRange.upperBound, $1.name) }
        var furthest: SafeTensorsTensorInfo?  // the non-empty tensor reaching furthest so far
        for next in parsed.tensors where !next.dataRange.isEmpty {
            if let previous = furthest, next.dataRange.lowerBound < previous.dataRange.upperBound {
                throw fail(.overlaps(other: previous.name), "tensor '\(next.name)'.data_offsets")
            }
            if next.dataRange.upperBound > (furthest?.dataRange.upperBound ?? 0) { furthest = next }
        }
        return parsed
    }

    private static func metadata(_ value: Any, fail: (SafeTensorsError.Kind, String) -> SafeTensorsError) throws(SafeTensorsError) -> [String: String] {
        guard let object = value as? [String: Any] else {
            throw fail(.invalidField(expected: "an object of string values"), "__metadata__")
        }
        var result: [String: String] = [:]
        for (key, item) in object {
            guard let text = item as? String else {
                throw fail(.invalidField(expected: "a string value"), "__metadata__.\(key)")
            }
            result[key] = text
        }
        return result
    }

    private static func tensor(
        _ name: String, _ value: Any, dataSize: Int, fail: (SafeTensorsError.Kind, String) -> SafeTensorsError
    ) throws(SafeTensorsError) -> SafeTensorsTensorInfo {
        let field = "tensor '\(name)'"
        guard let entry = value as? [String: Any] else {
            throw fail(.invalidField(expected: "an object with dtype, shape and data_offsets"), field)
        }
        guard let dtypeName = entry["dtype"] as? String else {
            throw fail(.invalidField(expected: "a string"), field + ".dtype")
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw fail(.unknownDType(dtypeName), field + ".dtype")
        }
        guard let shapeValues = entry["shape"] as? [Any], let shape64 = integers(shapeValues) else {
            throw fail(.invalidField(expected: "an array of non-negative integers"), field + ".shape")
        }
        guard let offsetValues = entry["data_offsets"] as? [Any], let offsets = integers(offsetValues), offsets.count == 2 else {
            throw fail(.invalidField(expected: "an array of two non-negative integers [begin, end]"), field + ".data_offsets")
        }
        if let unexpected = entry.keys.sorted().first(where: { !["dtype", "shape", "data_offsets"].contains($0) }) {
            throw fail(.invalidField(expected: "only dtype, shape and data_offsets (found '\(unexpected)')"), field)
        }

        // Byte size = Π shape × element size, every step overflow-checked.
        var byteCount = dtype.byteCount
        var shape: [Int] = []
        for dimension in shape64 {
            guard let d = Int(exactly: dimension) else { throw fail(.shapeOverflows(shape: shape64), field + ".shape") }
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: d)
            guard !overflow else { throw fail(.shapeOverflows(shape: shape64), field + ".shape") }
            byteCount = product
            shape.append(d)
        }

        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end, end <= UInt64(dataSize) else {
            throw fail(.offsetsOutOfRange(begin: begin, end: end, dataSize: dataSize), field + ".data_offsets")
        }
        let range = Int(begin)..<Int(end)  // both ≤ dataSize, so they fit
        guard range.count == byteCount else {
            throw fail(.sizeMismatch(expectedBytes: byteCount, rangeBytes: range.count), field + ".data_offsets")
        }
        return SafeTensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataRange: range)
    }

    /// The values as unsigned integers, or nil if any is not a non-negative
    /// JSON integer (booleans, fractions, exponents and huge numbers are rejected).
    private static func integers(_ values: [Any]) -> [UInt64]? {
        var result: [UInt64] = []
        result.reserveCapacity(values.count)
        for value in values {
            guard let number = value as? NSNumber, !(number is NSDecimalNumber) else { return nil }
            // Foundation marks booleans 'c' and decoded fractions or exponents 'd'/'f'.
            let kind = String(cString: number.objCType)
            guard !["c", "d", "f"].contains(kind), let integer = value as? UInt64 else { return nil }
            result.append(integer)
        }
        return result
    }
}
