#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The first signal caught while a hold is active (0: none).
private let heldSignal = Atomic<Int32>(0)

private let holdSignal: @convention(c) (Int32) -> Void = { signo in
    _ = heldSignal.compareExchange(expected: 0, desired: signo, ordering: .relaxed)
}

/// Interrupting signals caught and remembered while a child program owns the terminal, so the
/// caller can clean up (remove a temporary file, release a claim) before acting on them — as
/// system(3) holds SIGINT and SIGQUIT. Caught, not ignored: an ignored signal would stay
/// ignored in the child across exec, a caught one is reset to the default there, so Ctrl-C
/// still reaches the editor. One hold at a time.
struct SignalHold {
    static let signals = [SIGINT, SIGQUIT, SIGTERM, SIGHUP]
    private var previous: [(Int32, sigaction)] = []

    init() {
        heldSignal.store(0, ordering: .relaxed)
        for signo in Self.signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = holdSignal
            #else
            action.__sigaction_u.__sa_handler = holdSignal
            #endif
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(signo, &action, &old)
            previous.append((signo, old))
        }
    }

    /// Puts the previous handlers back and returns the first signal that arrived meanwhile
    /// (nil: none), for the caller to act on once it has cleaned up.
    func release() -> Int32? {
        for (signo, old) in previous {
            var old = old
            sigaction(signo, &old, nil)
        }
        let signo = heldSignal.exchange(0, ordering: .relaxed)
        return signo == 0 ? nil : signo
    }
}
