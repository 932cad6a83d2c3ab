/// Keys and values of every layer for the positions computed so far.
///
/// Layout per layer: (capacity, kvHeads, headDim) for keys and for values,
/// so one position's heads are contiguous and appending is a copy. Entries
/// are stored as fp16, as llama.cpp stores them by default: half the memory,
/// and the same rounding as the reference.
public final class KVCache: @unchecked Sendable {
    // Owned by one session; never shared between threads while written.
    public let capacity: Int
    let layerCount: Int
    let width: Int                          // kvHeads · headDim
    private let keys: UnsafeMutablePointer<Float16>
    private let values: UnsafeMutablePointer<Float16>
    /// Positions filled.
    public internal(set) var count = 0

    init(layers: Int, capacity: Int, width: Int) {
        self.layerCount = layers
        self.capacity = capacity
        self.width = width
        keys = .allocate(capacity: layers * capacity * width)
        values = .allocate(capacity: layers * capacity * width)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Bytes held by the cache.
    public var byteCount: Int { 2 * layerCount * capacity * width * MemoryLayout<Float16>.size }

    func keys(layer: Int, position: Int) -> UnsafeMutablePointer<Float16> {
        keys + (layer * capacity + position) * width
    }

    func values(layer: Int, position: Int) -> UnsafeMutablePointer<Float16> {
        values + (layer * capacity + position) * width
    }

    /// Stores one position's keys and values (`width` floats each), rounding to fp16.
    func store(layer: Int, position: Int, keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>) {
        let keyRow = keys(layer: layer, position: position)
        let valueRow = values(layer: layer, position: position)
        for i in 0..<width {
            keyRow[i] = Float16(k[i])
            valueRow[i] = Float16(v[i])
        }
    }

    /// Forgets positions from `position` on (a shared prefix can be kept).
    public func truncate(to position: Int) {
        count = min(count, max(0, position))
    }
}
