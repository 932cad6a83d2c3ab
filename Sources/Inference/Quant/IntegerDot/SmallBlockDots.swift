/// Integer dot products of the 32-element formats with Q8_0 / Q8_1
/// activations (`d` at byte 0; Q8_0 quants at byte 2; Q8_1 `s` at byte 2
/// and quants at byte 4).

extension BlockQ4_0: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .q8_0 }

    static func dot(block: UnsafeRawPointer, activations y: UnsafeRawPointer) -> Float {
        var sum = 0
        for j in 0..<16 {
            let packed = block.byte(at: 2 + j)
            sum += (Int(packed & 0x0F) - 8) * Int(y.signedByte(at: 2 + j))
            sum += (Int(packed >> 4) - 8) * Int(y.signedByte(at: 18 + j))
        }
        return Float(sum) * block.half(at: 0) * y.half(at: 0)
    }
}

extension BlockQ4_1: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .q8_1 }

    /// d·dy·Σq·qy + m·s: the offset m costs one multiply-add per block
    /// thanks to the activation sum s.
    static func dot(block: UnsafeRawPointer, activations y: UnsafeRawPointer) -> Float {
        var sum = 0
        for j in 0..<16 {
            let packed = block.byte(at: 4 + j)
            sum += Int(packed & 0x0F) * Int(y.signedByte(at: 4 + j))
            sum += Int(packed >> 4) * Int(y.signedByte(at: 20 + j))
        }
        return block.half(at: 0) * y.half(at: 0) * Float(sum) + block.half(at: 2) * y.half(at: 2)
    }
}

extension BlockQ5_0: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .q8_0 }

    static func dot(block: UnsafeRawPointer, activations y: UnsafeRawPointer) -> Float {
        let qh = block.uint32(at: 2)
        var sum = 0
        for j in 0..<16 {
            let packed = block.byte(at: 6 + j)
            let low = Int(packed & 0x0F) | Int((qh >> UInt32(j)) & 1) << 4
            let high = Int(packed >> 4) | Int((qh >> UInt32(j + 16)) & 1) << 4
            sum += (low - 16) * Int(y.signedByte(at: 2 + j))
            sum += (high - 16) * Int(y.signedByte(at: 18 + j))
        }
        return block.half(at: 0) * y.half(at: 0) * Float(sum)
    }
}

extension BlockQ5_1: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .q8_1 }

    static func dot(block: UnsafeRawPointer, activations y: UnsafeRawPointer) -> Float {
        let qh = block.uint32(at: 4)
        var sum = 0
        for j in 0..<16 {
            let packed = block.byte(at: 8 + j)
            let low = Int(packed & 0x0F) | Int((qh >> UInt32(j)) & 1) << 4
            let high = Int(packed >> 4) | Int((qh >> UInt32(j + 16)) & 1) << 4
            sum += low * Int(y.signedByte(at: 4 + j))
            sum += high * Int(y.signedByte(at: 20 + j))
        }
        return block.half(at: 0) * y.half(at: 0) * Float(sum) + block.half(at: 2) * y.half(at: 2)
    }
}

extension BlockQ8_0: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .q8_0 }

    static func dot(block: UnsafeRawPointer, activations y: UnsafeRawPointer) -> Float {
        var sum = 0
        for j in 0..<32 {
            sum += Int(block.signedByte(at: 2 + j)) * Int(y.signedByte(at: 2 + j))
        }
        return Float(sum) * (block.half(at: 0) * y.half(at: 0))
    }
}
