/// A place in a TOML source: the file name (if known), a 1-based line and column, and the byte offset.
///
/// Columns count **Unicode scalars** from the start of the line (a tab counts as one), so they
/// match what an editor shows for non-ASCII text; `offset` is the 0-based UTF-8 byte offset.
///
/// Later layers use a value's position to report their own findings in the same format as parse
/// errors:
///
///     throw value.error("router.min_confidence must be between 0 and 1")
///     // swarms/x.toml:12:5: error: router.min_confidence must be between 0 and 1
public struct TOMLPosition: Sendable, Hashable, CustomStringConvertible {
    /// The file name given to the parser, or `nil` for text without a file.
    public var file: String?
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    /// 0-based byte offset into the UTF-8 source.
    public var offset: Int

    public init(file: String?, line: Int, column: Int, offset: Int) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `file:line:column`, or `<input>:line:column` for text without a file name.
    public var description: String {
        "\(file ?? "<input>"):\(line):\(column)"
    }

    /// A compiler-style diagnostic at this position: `file:line:column: severity: message`.
    public func diagnostic(_ message: String, severity: String = "error") -> String {
        "\(description): \(severity): \(message)"
    }

    /// `line:column` without the file, for notes that refer to another place in the same file.
    public var lineAndColumn: String { "\(line):\(column)" }
}
