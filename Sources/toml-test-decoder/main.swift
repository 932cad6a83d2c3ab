// toml-test-decoder: the toml-test harness interface. Reads TOML on stdin, writes the tagged
// JSON of the document on stdout and exits 0; on invalid TOML writes the error to stderr and
// exits 1. Usage: `toml-test-decoder < file.toml` (or `toml-test test -decoder=toml-test-decoder`).
import Foundation
import TOML

let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
do {
    let document = try TOMLDocument(parsing: input, file: "<stdin>")
    FileHandle.standardOutput.write(Data((document.taggedJSON() + "\n").utf8))
    exit(0)
} catch {
    FileHandle.standardError.write(Data((error.description + "\n").utf8))
    exit(1)
}
