import Foundation
import Store

/// The merged results file, written whole or not at all: lines go to a temporary file beside
/// the final one (JSON lines, or CSV rows when the final name ends in `.csv`, as `ResultsFile`
/// renders them), which is flushed to disk and renamed over the final name by `finish`.
final class MergedResultsWriter {
    private let temporary: String
    private let final: String
    private let csv: Bool
    private let handle: FileHandle
    private var buffer = Data()

    init(path temporary: String, final: String) throws {
        self.temporary = temporary
        self.final = final
        csv = final.lowercased().hasSuffix(".csv")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ShardMergeError.outputRefused(path: final, reason: "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        if csv { try append(raw: ResultCSV.columns.map(CSVField.escape).joined(separator: ",")) }
    }

    /// Appends one result line (a result record's JSON).
    func append(_ line: String) throws {
        try append(raw: csv ? ResultsFile.csvRow(json: line) : line)
    }

    private func append(raw line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try drain() }
    }

    private func drain() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and renames the file into place.
    func finish() throws {
        try drain()
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ShardMergeError.outputRefused(path: final, reason: "cannot rename \(temporary) to it: \(reason)")
        }
    }

    /// Removes the temporary file (after an error).
    func abandon() {
        try? handle.close()
        unlink(temporary)
    }
}
