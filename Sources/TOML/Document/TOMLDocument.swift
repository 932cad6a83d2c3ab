/// A parsed TOML 1.0.0 document: its top-level table, where every key and value keeps its
/// source position.
///
///     let document = try TOMLDocument(parsing: text, file: "swarms/support.toml")
///     let router = try document.root.table("router")
///     let threshold = try router.value("min_confidence")
///     guard let confidence = threshold.double, (0...1).contains(confidence) else {
///         throw threshold.error("router.min_confidence must be between 0 and 1")
///     }
///     // swarms/support.toml:12:18: error: router.min_confidence must be between 0 and 1
public struct TOMLDocument: Sendable, Hashable {
    /// The top-level table.
    public var root: TOMLTable
    /// The file name used in positions and messages.
    public var file: String?

    /// Parses `text`. `file` is only used to name the source in positions and errors.
    public init(parsing text: String, file: String? = nil) throws(TOMLError) {
        var text = text
        // A Swift String is valid UTF-8 already, so validation is skipped.
        let result = text.withUTF8 { bytes in
            Result { () throws(TOMLError) in try TOMLParser.parse(bytes, file: file, validateUTF8: false) }
        }
        self.root = try result.get()
        self.file = file
    }

    /// Parses raw bytes, which must be UTF-8 (invalid UTF-8 is a `TOMLError.invalidEncoding` with
    /// the position of the first bad byte). A leading byte-order mark is ignored.
    public init(parsing bytes: [UInt8], file: String? = nil) throws(TOMLError) {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(TOMLError) in try TOMLParser.parse(buffer, file: file, validateUTF8: true) }
        }
        self.root = try result.get()
        self.file = file
    }

    /// The top-level value of `key`.
    public subscript(key: String) -> TOMLValue? { root[key] }

    /// The value at a dotted path such as `"router.min_confidence"`.
    public func value(atPath dottedPath: String) -> TOMLValue? { root.value(atPath: dottedPath) }

    /// The value at a path of keys through nested tables.
    public func value(at keys: [String]) -> TOMLValue? { root.value(at: keys) }
}
