import Foundation

/// The files that make up a database on disk (the file, its journal, WAL and shared-memory
/// files), so that an output path can be checked before anything is written to it.
public enum DatabaseFiles {
    /// The suffixes SQLite appends for a database's companion files.
    static let companionSuffixes = ["", "-journal", "-wal", "-shm"]

    /// Why writing to `output` would destroy `database` or another SQLite database, or nil when
    /// it is safe. Compares device and inode, so a symbolic or hard link to the database is
    /// caught as well as its own name; and any file that starts with SQLite's header is refused.
    public static func overwriteHazard(output: String, database: String) -> String? {
        let target = identity(of: output)
        for suffix in companionSuffixes {
            let companion = database + suffix
            if let target, let other = identity(of: companion), target == other {
                return suffix.isEmpty ? "\(output) is the database \(database) itself"
                                      : "\(output) is the database's \(suffix.dropFirst()) file \(companion)"
            }
            if let resolved = resolvedPath(output), resolved == resolvedPath(companion) {
                return "\(output) is the database's \(suffix.isEmpty ? "file" : String(suffix.dropFirst()) + " file") \(companion)"
            }
        }
        if isSQLiteDatabase(output) { return "\(output) is an SQLite database" }
        return nil
    }

    /// Whether the file at `path` (following links) begins with the SQLite 3 header.
    public static func isSQLiteDatabase(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\u{0}".utf8)
    }

    private struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    /// Device and inode of the file `path` names, following symbolic links; nil when it does not exist.
    private static func identity(of path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// `path` with its directory's links resolved, for files that do not exist yet.
    private static func resolvedPath(_ path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().resolvingSymlinksInPath()
        return directory.appendingPathComponent(url.lastPathComponent).standardizedFileURL.path
    }
}
