/// The random spot check: a fixed fraction of otherwise accepted answers goes to a reviewer.
///
/// The draw is a hash of the seed and the request id, not a random number generator, so the
/// same request gets the same decision on every run: a resumed or repeated batch never sends a
/// different sample to review. Swift's `Hasher` is seeded per process and so is not used.
public struct SpotCheck: Sendable, Hashable {
    /// Fraction of requests selected, 0…1.
    public var rate: Double
    public var seed: UInt64

    public init(rate: Double, seed: UInt64) {
        self.rate = rate
        self.seed = seed
    }

    /// Whether the request with this id is selected: `draw(requestID) < rate`.
    public func selects(requestID: String) -> Bool {
        rate > 0 && draw(requestID: requestID) < rate
    }

    /// A number in [0, 1), uniformly spread over request ids, fixed for a seed and an id.
    public func draw(requestID: String) -> Double {
        // FNV-1a over the seed's 8 bytes and the id's UTF-8, then the SplitMix64 finalizer to
        // spread FNV's weak low bits over the whole word.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: seed >> UInt64(shift))) }
        for byte in requestID.utf8 { mix(byte) }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Double(hash >> 11) / Double(UInt64(1) << 53)
    }
}
