#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Read-only bytes of a file: memory-mapped for real files (weights are paged
/// in on demand and shared with the page cache, never copied), or an owned
/// copy for bytes built in memory (tests, fuzzing).
public final class MappedFile: @unchecked Sendable {
    // Immutable after init; the mapping is read-only, so sharing across threads is safe.
    public let bytes: UnsafeRawBufferPointer
    public let path: String?
    private let isMapped: Bool

    /// Maps `path` read-only.
    public init(path: String) throws(GGUFError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw GGUFError(.cannotOpen(reason: String(cString: strerror(errno))), field: "file", offset: 0, path: path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw GGUFError(.cannotOpen(reason: String(cString: strerror(errno))), field: "file", offset: 0, path: path)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw GGUFError(.cannotOpen(reason: "not a regular file"), field: "file", offset: 0, path: path)
        }
        let size = Int(info.st_size)
        self.path = path
        self.isMapped = size > 0
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw GGUFError(.cannotOpen(reason: "mmap failed: " + String(cString: strerror(errno))), field: "file", offset: 0, path: path)
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    /// An owned copy of `data`.
    public init(copying data: some Collection<UInt8>) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 64)
        buffer.copyBytes(from: data)
        bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: data.count)
        path = nil
        isMapped = false
    }

    /// Drops the resident pages wholly inside `range` (a part of `bytes`), for
    /// data that has been copied elsewhere (repacked weights). The mapping is
    /// private and read-only, so its pages are clean: they are released at
    /// once and read back from the file if touched again. A no-op for an
    /// in-memory copy, whose pages hold the only copy of the data.
    public func releasePages(_ range: UnsafeRawBufferPointer) {
        guard isMapped, let start = range.baseAddress, range.count > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let end = (Int(bitPattern: start) + range.count) / page * page
        guard end > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
        madvise(pointer, end - first, MADV_DONTNEED)
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            base.deallocate()
        }
    }
}
