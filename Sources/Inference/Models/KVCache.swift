import CKernels

/// Keys and values of every layer for the positions computed so far.
///
/// Layout per layer: (capacity, kvHeads, headDim) for keys and for values,
/// so one position's heads are contiguous and appending is a copy. Entries
/// are stored as fp16, as llama.cpp stores them by default: half the memory,
/// and the same rounding as the reference.
///
/// A cache can start from a shared, frozen prefix (`init(sharing:capacity:)`):
/// positions below the prefix length are read from the prefix, so a system
/// prompt computed once serves every sequence forked from it.
public final class KVCache: @unchecked Sendable {
    // Owned by one sequence; never written by two threads at once. A prefix,
    // once shared, is frozen and only read.
    public let capacity: Int
    let layerCount: Int
    let width: Int                          // kvHeads · headDim
    private let prefix: KVCache?
    /// Positions served by `prefix`.
    let prefixCount: Int
    // fp16 bit patterns: (layers, capacity - prefixCount, width)
    private let keys: UnsafeMutablePointer<UInt16>
    private let values: UnsafeMutablePointer<UInt16>
    private let ownCapacity: Int
    /// Positions filled (including the shared prefix).
    public internal(set) var count: Int
    /// A cache that has been shared as a prefix accepts no more writes.
    public private(set) var isFrozen = false

    init(layers: Int, capacity: Int, width: Int) {
        self.layerCount = layers
        self.capacity = capacity
        self.width = width
        self.prefix = nil
        self.prefixCount = 0
        self.count = 0
        self.ownCapacity = capacity
        keys = .allocate(capacity: layers * capacity * width)
        values = .allocate(capacity: layers * capacity * width)
    }

    /// A cache whose first `positions` positions (default: all of `prefix`'s) are
    /// `prefix`'s, with room for `capacity` positions in all. Freezes `prefix`.
    /// Sharing fewer positions than the prefix holds is exact: a position's keys and
    /// values depend only on the tokens up to it.
    public init(sharing prefix: KVCache, positions: Int? = nil, capacity: Int) {
        prefix.isFrozen = true
        let shared = min(positions ?? prefix.count, prefix.count)
        self.layerCount = prefix.layerCount
        self.width = prefix.width
        self.prefix = prefix
        self.prefixCount = shared
        self.capacity = max(capacity, shared)
        self.count = shared
        self.ownCapacity = self.capacity - shared
        keys = .allocate(capacity: max(1, layerCount * ownCapacity * width))
        values = .allocate(capacity: max(1, layerCount * ownCapacity * width))
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Bytes held by this cache (not counting a shared prefix).
    public var byteCount: Int { Self.byteCount(layers: layerCount, positions: ownCapacity, width: width) }

    /// Keys and values (fp16) of `positions` positions.
    static func byteCount(layers: Int, positions: Int, width: Int) -> Int {
        2 * layers * positions * width * MemoryLayout<UInt16>.size
    }

    /// Entries of one position are `width` apart from the next position's.
    var stride: Int { width }

    /// Splits `range` into runs of positions stored contiguously: the shared prefix's
    /// (themselves split when that prefix shares one), then this cache's own.
    func contiguousRuns(_ range: Range<Int>) -> [Range<Int>] {
        guard let prefix, range.lowerBound < prefixCount else { return [range] }
        let shared = prefix.contiguousRuns(range.lowerBound..<min(range.upperBound, prefixCount))
        return range.upperBound > prefixCount ? shared + [prefixCount..<range.upperBound] : shared
    }

    func keys(layer: Int, position: Int) -> UnsafePointer<UInt16> {
        if position < prefixCount, let prefix { return prefix.keys(layer: layer, position: position) }
        return UnsafePointer(keys + (layer * ownCapacity + position - prefixCount) * width)
    }

    func values(layer: Int, position: Int) -> UnsafePointer<UInt16> {
        if position < prefixCount, let prefix { return prefix.values(layer: layer, position: position) }
        return UnsafePointer(values + (layer * ownCapacity + position - prefixCount) * width)
    }

    /// Stores one position's keys and values (`width` floats each), rounding to fp16.
    func store(layer: Int, position: Int, keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>) {
        let offset = (layer * ownCapacity + position - prefixCount) * width
        ck_f32_to_f16(k, keys + offset, Int64(width))
        ck_f32_to_f16(v, values + offset, Int64(width))
    }

    /// Forgets positions from `position` on; the shared prefix is kept.
    /// Returns false (and keeps everything) when the cache is frozen, since
    /// caches forked from it read those positions.
    @discardableResult
    public func truncate(to position: Int) -> Bool {
        guard !isFrozen else { return false }
        count = min(count, max(prefixCount, position))
        return true
    }
}
