import Foundation

/// Why the terminal could not be taken over.
public enum TerminalError: Error, CustomStringConvertible, Equatable {
    case notATerminal(descriptor: Int32)
    case systemCall(String, errno: Int32)

    public var description: String {
        switch self {
        case .notATerminal(let fd):
            return "file descriptor \(fd) is not a terminal; the full-screen interface needs one (use `apiary queue` in scripts)"
        case .systemCall(let call, let errno):
            return "\(call) failed: \(String(cString: strerror(errno)))"
        }
    }
}

/// What the UI loop reacts to.
public enum TerminalEvent: Sendable, Equatable {
    case key(Key)
    /// The window changed size (SIGWINCH); redraw for the new size.
    case resize(WindowSize)
    /// SIGINT, SIGTERM or SIGHUP arrived: finish up (release claims) and exit.
    case terminate(signal: Int32)
    /// The process was stopped (Ctrl-Z, SIGSTOP, SIGTSTP) and continued: the terminal is back in
    /// raw mode on the alternate screen, whose contents are gone; redraw everything.
    case resumed
    case timeout
}

// MARK: State shared with signal handlers
//
// A signal handler cannot capture context, so what it needs lives in globals
// prepared before the handlers are installed. Handlers only call
// async-signal-safe functions (write, tcsetattr, signal, raise) on buffers that
// already exist.

nonisolated(unsafe) private var savedAttributes = termios()
nonisolated(unsafe) private var terminalDescriptor: Int32 = -1
nonisolated(unsafe) private var outputDescriptor: Int32 = -1
nonisolated(unsafe) private var terminalIsRaw = false
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1
nonisolated(unsafe) private var gracefulSignalsSeen: Int32 = 0
nonisolated(unsafe) private var atExitInstalled = false
nonisolated(unsafe) private var leaveScreenBytes: [UInt8] = Array(
    (ANSI.reset + ANSI.showCursor + ANSI.alternateScreenOff).utf8)

/// Puts the terminal back: normal screen, visible cursor, saved modes. Async-signal-safe and idempotent.
private func restoreTerminalNow() {
    guard terminalIsRaw else { return }
    terminalIsRaw = false
    leaveScreenBytes.withUnsafeBufferPointer { buffer in
        _ = write(outputDescriptor, buffer.baseAddress, buffer.count)
    }
    _ = tcsetattr(terminalDescriptor, TCSAFLUSH, &savedAttributes)
}

/// SIGINT/SIGTERM/SIGHUP/SIGWINCH/SIGCONT become bytes on a pipe the event loop polls, so
/// the UI can release what it holds before exiting, or redraw. A second interrupting
/// signal (the loop is stuck) restores the terminal and dies at once.
private let forwardSignal: @convention(c) (Int32) -> Void = { signo in
    if signo != SIGWINCH && signo != SIGCONT {
        gracefulSignalsSeen += 1
        if gracefulSignalsSeen > 1 || signalPipeWrite < 0 {
            restoreTerminalNow()
            signal(signo, SIG_DFL)
            raise(signo)
            return
        }
    }
    var byte = UInt8(truncatingIfNeeded: signo)
    _ = write(signalPipeWrite, &byte, 1)
}

/// SIGTSTP (`kill -TSTP`; Ctrl-Z is a key in raw mode) gives the terminal back before
/// stopping, so the shell is usable; SIGCONT brings the UI back (see `resumed`).
///
/// The handler runs with SIGTSTP blocked, so it is unblocked before the default action is
/// raised — otherwise the raise would wait for the handler's return and find the handler
/// installed again, calling it forever. A process group without a shell to continue it
/// (orphaned) is not stopped at all; either way, once `raise` returns the loop is told to take
/// the terminal back and redraw, as after a SIGCONT.
private func stopPolitely(_: Int32) {
    restoreTerminalNow()
    signal(SIGTSTP, SIG_DFL)
    var stop = sigset_t()
    sigemptyset(&stop)
    sigaddset(&stop, SIGTSTP)
    sigprocmask(SIG_UNBLOCK, &stop, nil)
    raise(SIGTSTP)
    signal(SIGTSTP, stopPolitely)
    if signalPipeWrite >= 0 {
        var byte = UInt8(truncatingIfNeeded: SIGCONT)
        _ = write(signalPipeWrite, &byte, 1)
    }
}

/// A crash (trap, abort, bad access) restores the terminal, then dies as it would have.
private let restoreAndDie: @convention(c) (Int32) -> Void = { signo in
    restoreTerminalNow()
    signal(signo, SIG_DFL)
    raise(signo)
}

/// The terminal in raw mode on the alternate screen, for one full-screen program.
///
/// Creating a session saves the terminal's modes; they are restored by
/// `restore()`, at exit, on SIGINT/SIGTERM/SIGHUP (delivered to the loop as
/// `.terminate` so it can clean up first) and on crashes. Ctrl-C in raw mode is
/// a key (`.control("c")`), not a signal. Only one session exists at a time.
public final class TerminalSession {
    public let input: Int32
    public let output: Int32
    private var decoder = KeyDecoder()
    private var queuedKeys: [Key] = []
    private let signalRead: Int32
    private let signalWrite: Int32

    /// Takes over the terminal on `input`/`output`.
    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) throws {
        guard isatty(input) == 1 else { throw TerminalError.notATerminal(descriptor: input) }
        self.input = input
        self.output = output
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TerminalError.systemCall("pipe", errno: errno) }
        (signalRead, signalWrite) = (fds[0], fds[1])
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        guard tcgetattr(input, &savedAttributes) == 0 else { throw TerminalError.systemCall("tcgetattr", errno: errno) }
        terminalDescriptor = input
        outputDescriptor = output
        signalPipeWrite = signalWrite
        gracefulSignalsSeen = 0
        for signo in [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCONT] { signal(signo, forwardSignal) }
        signal(SIGTSTP, stopPolitely)
        for signo in [SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP] { signal(signo, restoreAndDie) }
        if !atExitInstalled {
            atExitInstalled = true
            atexit { restoreTerminalNow() }
        }
        try enter()
    }

    deinit {
        restore()
        signalPipeWrite = -1
        for signo in [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCONT, SIGTSTP] { signal(signo, SIG_DFL) }
        close(signalRead)
        close(signalWrite)
    }

    /// Raw mode (no echo, no line buffering, no signals from keys, no output
    /// post-processing), the alternate screen, the cursor hidden.
    private func enter() throws {
        var raw = savedAttributes
        cfmakeraw(&raw)  // also VMIN 1, VTIME 0: a read returns as soon as one byte is there
        guard tcsetattr(input, TCSAFLUSH, &raw) == 0 else { throw TerminalError.systemCall("tcsetattr", errno: errno) }
        terminalIsRaw = true
        write(ANSI.alternateScreenOn + ANSI.normalCursorKeys + ANSI.hideCursor + ANSI.clearScreen)
    }

    /// Gives the terminal back (idempotent).
    public func restore() {
        restoreTerminalNow()
    }

    /// Stops the whole job as Ctrl-Z does in a cooked terminal, the terminal given back to the
    /// shell meanwhile; returns after `fg` with raw mode and the alternate screen restored.
    public func stopJob() {
        restore()
        signal(SIGTSTP, SIG_DFL)
        kill(0, SIGTSTP)
        signal(SIGTSTP, stopPolitely)
        try? enter()
    }

    /// Runs `body` with the terminal restored (to start `$EDITOR`), then takes it back.
    public func suspend<T>(_ body: () throws -> T) throws -> T {
        restore()
        defer { try? enter() }
        return try body()
    }

    /// The current window size.
    public var size: WindowSize { WindowSize.current(of: output) }

    /// Writes `text` completely (retrying short writes and interruptions).
    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBufferPointer { Glibc.write(output, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Waits for the next key, resize or terminating signal; `timeout` in seconds, nil waits forever.
    public func nextEvent(timeout: Double? = nil) -> TerminalEvent {
        if !queuedKeys.isEmpty { return .key(queuedKeys.removeFirst()) }
        let deadline = timeout.map { Date() + $0 }
        while true {
            var descriptors = [pollfd(fd: signalRead, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: input, events: Int16(POLLIN), revents: 0)]
            // A held-back ESC becomes the Escape key if nothing follows within 50 ms.
            var wait: Int32 = -1
            if let deadline { wait = Int32(max(0, deadline.timeIntervalSinceNow * 1000)) }
            if decoder.hasPending { wait = wait < 0 ? 50 : min(wait, 50) }
            let ready = poll(&descriptors, 2, wait)
            if ready < 0 {
                if errno == EINTR { continue }
                return .terminate(signal: SIGHUP)
            }
            if descriptors[0].revents & Int16(POLLIN) != 0, let event = readSignal() { return event }
            if descriptors[1].revents & Int16(POLLIN | POLLHUP) != 0 {
                var buffer = [UInt8](repeating: 0, count: 256)
                let count = read(input, &buffer, buffer.count)
                if count <= 0 {
                    if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                    return .terminate(signal: SIGHUP)  // the terminal went away
                }
                queuedKeys += decoder.feed(Array(buffer.prefix(count)))
            } else if ready == 0 && decoder.hasPending {
                queuedKeys += decoder.flush()
            } else if ready == 0, let deadline, deadline <= Date() {
                return .timeout
            }
            if !queuedKeys.isEmpty { return .key(queuedKeys.removeFirst()) }
        }
    }

    private func readSignal() -> TerminalEvent? {
        var byte: UInt8 = 0
        var resized = false
        var continued = false
        while read(signalRead, &byte, 1) == 1 {
            let signo = Int32(byte)
            if signo == SIGCONT {
                continued = true
            } else if signo == SIGWINCH {
                resized = true
            } else {
                return .terminate(signal: signo)
            }
        }
        if continued {
            // While stopped the shell put the terminal in its own modes; take it back.
            try? enter()
            return .resumed
        }
        return resized ? .resize(size) : nil
    }
}
