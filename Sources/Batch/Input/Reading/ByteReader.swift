#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file through one fixed-size buffer with read(2), so memory stays at one chunk however
/// large the file is. Parsers pull bytes one at a time; the buffer refills when it runs dry.
final class ByteReader {
    /// 64 KiB: large enough that read(2) calls are rare, small enough to be irrelevant to memory.
    static let defaultChunkSize = 64 * 1024

    /// The path as given, for error messages.
    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8]
    /// Next unread index in `buffer`.
    private var start = 0
    /// Number of valid bytes in `buffer`.
    private var end = 0
    /// File offset of `buffer[0]`.
    private var bufferOffset = 0
    private var reachedEnd = false

    /// Opens `path` for reading and reads its first chunk, so `prefix` is available at once.
    init(path: String, chunkSize: Int = ByteReader.defaultChunkSize) throws(TicketInputError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw TicketInputError(file: path, kind: .cannotOpen(reason: ByteReader.systemError()))
        }
        self.descriptor = descriptor
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
        try fill()
    }

    deinit {
        close(descriptor)
    }

    /// The buffer's size: the most file bytes this reader ever holds.
    var capacity: Int { buffer.count }

    /// Offset in the file of the next byte `next()` returns.
    var offset: Int { bufferOffset + start }

    /// The unread bytes currently buffered; right after `init`, the file's first chunk.
    /// Format detection looks at this without consuming anything.
    var buffered: ArraySlice<UInt8> { buffer[start..<end] }

    /// The next byte, or `nil` at the end of the file.
    @inline(__always)
    func next() throws(TicketInputError) -> UInt8? {
        if start == end {
            try fill()
            if start == end { return nil }
        }
        let byte = buffer[start]
        start += 1
        return byte
    }

    /// The next byte without consuming it, or `nil` at the end of the file.
    @inline(__always)
    func peek() throws(TicketInputError) -> UInt8? {
        if start == end {
            try fill()
            if start == end { return nil }
        }
        return buffer[start]
    }

    /// Hands the buffered bytes to `body` a chunk at a time until it says to stop or the file
    /// ends; `body` returns how many bytes it consumed and whether to stop. Returns whether
    /// `body` stopped. The bulk path for parsers that look at every byte: they loop over memory
    /// instead of making a call per byte.
    func scanChunks(_ body: (UnsafeBufferPointer<UInt8>) -> (consumed: Int, stop: Bool)) throws(TicketInputError) -> Bool {
        while true {
            if start == end {
                try fill()
                if start == end { return false }
            }
            let (consumed, stop) = buffer.withUnsafeBufferPointer { bytes in
                body(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            }
            start += min(max(consumed, 0), end - start)
            if stop { return true }
        }
    }

    /// Skips a UTF-8 byte order mark if the next three bytes are one.
    func skipByteOrderMark() throws(TicketInputError) {
        if start == end { try fill() }
        // The first fill reads a whole chunk, so at the start of a file the three bytes are buffered.
        if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3
        }
    }

    /// Moves unread bytes to the front and reads until the buffer is full or the file ends.
    private func fill() throws(TicketInputError) {
        if reachedEnd { return }
        if start > 0 {
            let unread = end - start
            if unread > 0 {
                for index in 0..<unread { buffer[index] = buffer[start + index] }
            }
            bufferOffset += start
            start = 0
            end = unread
        }
        while end < buffer.count {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return read(descriptor, base + end, raw.count - end)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw TicketInputError(file: path, position: nil,
                                       kind: .readFailed(offset: bufferOffset + end, reason: ByteReader.systemError()))
            }
            if count == 0 {
                reachedEnd = true
                return
            }
            end += count
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
