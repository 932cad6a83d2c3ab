/// A read-only tensor of floats, row-major, either in place in a mapped
/// file or in memory converted from F16/BF16.
public struct FloatTensor: @unchecked Sendable {
    // Read-only after creation; `owner` keeps the memory behind `base` alive.
    public let shape: [Int]
    public let base: UnsafePointer<Float>
    private let owner: AnyObject

    init(shape: [Int], base: UnsafePointer<Float>, owner: AnyObject) {
        self.shape = shape
        self.base = base
        self.owner = owner
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// Copies the values out (tests and small tensors).
    public var values: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// Floats converted from another dtype, freed with the last tensor using them.
final class OwnedFloats {
    let pointer: UnsafeMutablePointer<Float>

    init(count: Int) {
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }
}
