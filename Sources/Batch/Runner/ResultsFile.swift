import Foundation
import Store

/// The output file of a batch job: JSON lines, or CSV when its name ends in
/// `.csv`. Only ever appended to; `reopen` cuts it back to the length the
/// store recorded, so lines of a crashed run that the store does not know
/// were written are rewritten exactly once.
final class ResultsFile {
    enum Format { case jsonLines, csv }

    let path: String
    let format: Format
    private let handle: FileHandle
    private(set) var length: Int64

    /// Opens the file for `job`: creates it when the job has written nothing,
    /// else truncates it to the recorded length (refusing a file that lost data).
    init(path: String, job: BatchJob) throws {
        self.path = path
        format = path.lowercased().hasSuffix(".csv") ? .csv : .jsonLines
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard job.outputBytes == 0 else {
                throw BatchError.outputDamaged(path: path, reason: "the file is missing but the job recorded \(job.outputBytes) bytes written; restore it or start a new job")
            }
            guard manager.createFile(atPath: path, contents: nil) else {
                throw BatchError.outputDamaged(path: path, reason: "cannot create the file")
            }
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            throw BatchError.outputDamaged(path: path, reason: "cannot open the file for writing")
        }
        self.handle = handle
        let size = Int64(try handle.seekToEnd())
        guard size >= job.outputBytes else {
            throw BatchError.outputDamaged(path: path, reason: "the file has \(size) bytes but the job recorded \(job.outputBytes); it was changed outside apiary")
        }
        try handle.truncate(atOffset: UInt64(job.outputBytes))
        length = job.outputBytes
        if length == 0, format == .csv {
            try write([ResultCSV.columns.map(CSVField.escape).joined(separator: ",")])
        }
    }

    deinit {
        try? handle.close()
    }

    /// Appends lines (each result's JSON, rendered for the format) and flushes them to disk.
    func append(_ outputs: [PendingOutput]) throws {
        try write(outputs.map { format == .csv ? Self.csvRow(json: $0.line) : $0.line })
    }

    private func write(_ lines: [String]) throws {
        guard !lines.isEmpty else { return }
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        try handle.synchronize()
        length += Int64(data.count)
    }

    /// A result line as a CSV row. A line that is not a result record (recorded by an older
    /// version before a resume) is kept whole in the answer column rather than lost.
    static func csvRow(json line: String) -> String {
        if let record = try? RecordJSON.decode(ResultRecord.self, from: line) { return ResultCSV.row(record) }
        return ResultCSV.row(unreadable: line)
    }
}
