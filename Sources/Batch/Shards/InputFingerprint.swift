import Foundation

/// A digest of an input file's bytes, `fnv1a64:` and 16 hex digits: shards record it so a
/// merge refuses shards of different inputs, whatever their paths on each machine.
enum InputFingerprint {
    static func of(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BatchError.inputUnreadable(path: path)
        }
        defer { try? handle.close() }
        var hash = FNV1a()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hash.add($0) }
        }
        return "fnv1a64:" + hash.hex
    }
}
