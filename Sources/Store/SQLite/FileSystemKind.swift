import Foundation

/// The kind of filesystem a database file sits on, as far as locking is concerned.
///
/// SQLite relies on POSIX advisory locks, which NFS and SMB/CIFS implement
/// unreliably; two reviewers on such a share can corrupt the queue.
public enum FileSystemKind: Sendable, Equatable {
    case local
    case network(String)

    /// Classifies a Linux `statfs.f_type` magic number.
    public static func classify(magic: Int64) -> FileSystemKind {
        switch UInt32(truncatingIfNeeded: magic) {
        case 0x6969: return .network("NFS")
        case 0x517B: return .network("SMB")
        case 0xFF53_4D42: return .network("CIFS")
        case 0xFE53_4D42: return .network("SMB2")
        case 0x564C: return .network("NCP")
        case 0x0BD0_0BD0: return .network("Lustre")
        case 0x0102_1997: return .network("9P")
        case 0x6B41_4653: return .network("AFS")
        default: return .local
        }
    }

    /// The kind of the filesystem holding `path`, or `.local` when it cannot be told.
    public static func of(path: String) -> FileSystemKind {
        guard let magic = filesystemMagic(path) else { return .local }
        return classify(magic: magic)
    }

    /// `statfs(2)`'s `f_type` for `path`.
    ///
    /// Swift's Glibc module does not include <sys/vfs.h>, so `statfs` is looked up
    /// with dlsym and called through a C function pointer. `f_type` is the first
    /// field of `struct statfs` (a `long`) on every Linux architecture; the buffer
    /// is larger than the struct on any of them.
    private static func filesystemMagic(_ path: String) -> Int64? {
        #if os(Linux)
        typealias StatFS = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer) -> Int32
        guard let library = dlopen(nil, RTLD_NOW), let symbol = dlsym(library, "statfs") else { return nil }
        let call = unsafeBitCast(symbol, to: StatFS.self)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: 512)
        guard call(path, buffer) == 0 else { return nil }
        return Int64(buffer.load(as: Int.self))
        #else
        return nil
        #endif
    }

    /// The warning to print for a database at `path`, or nil on a local disk.
    public static func warning(forDatabaseAt path: String) -> String? {
        guard case .network(let name) = of(path: path) else { return nil }
        return "warning: \(path) is on a network filesystem (\(name)); SQLite locking is unreliable there and the queue can be corrupted — keep the database on a local disk"
    }
}
