#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(descriptor)
    #else
    _ = Darwin.close(descriptor)
    #endif
}

/// Seconds on a clock that never jumps (deadlines must not move with the wall clock).
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// One accepted connection: reads and writes with deadlines, so a peer that
/// stalls can hold it no longer than the server's request timeout.
struct Connection {
    let descriptor: Int32

    enum ReadResult {
        case bytes(ArraySlice<UInt8>)
        case closed
        case timedOut
    }

    /// Waits for bytes until `deadline` (monotonic seconds).
    func read(into buffer: inout [UInt8], before deadline: Double) -> ReadResult {
        while true {
            let remaining = deadline - monotonicSeconds()
            guard remaining > 0 else { return .timedOut }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return ready == 0 ? .timedOut : .closed }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? .bytes(buffer[0..<count]) : .closed
        }
    }

    /// Sends every byte or gives up at `deadline`; false when the peer went away or stalled.
    @discardableResult
    func write(_ bytes: [UInt8], before deadline: Double) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let remaining = deadline - monotonicSeconds()
            guard remaining > 0 else { return false }
            var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return false }
            #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
            #else
            let flags: Int32 = 0
            #endif
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, flags) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    /// Half-closes, then discards what the peer still sends for a moment before
    /// closing: closing with unread bytes makes the kernel send a reset, and the
    /// peer could lose the response (an oversized request is answered before it is read).
    func closeGracefully(lingering seconds: Double) {
        shutdown(descriptor, Int32(SHUT_WR))
        var scratch = [UInt8](repeating: 0, count: 4096)
        let deadline = monotonicSeconds() + seconds
        while case .bytes = read(into: &scratch, before: deadline) {}
        closeDescriptor(descriptor)
    }
}
