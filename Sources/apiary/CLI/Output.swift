#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Store

/// Writing to the standard streams without buffering surprises: streamed
/// tokens appear as they are produced, errors go to stderr.
enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func line(_ text: String = "") {
        write(text + "\n")
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Pretty-enough JSON for one object per line (`--json`), keys sorted so
    /// output is stable for scripts and tests.
    static func json(_ object: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// A record (result, route, summary) as one line of JSON, through the one encoder results use.
    static func record<Value: Encodable>(_ value: Value) throws {
        write(try RecordJSON.line(value) + "\n")
    }

    /// True when standard output is a terminal (progress bars, colours).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
}
