/// Float weights meet float activations: no quantization, the reference
/// loop itself (ggml would round activations to the weight's float type;
/// Apiary keeps them in float32, which is at least as accurate).

extension FormatF32: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .float32 }

    static func dot(row: UnsafeRawPointer, activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0
        for i in 0..<blocks { sum += row.float(at: 4 * i) * activations.float(at: 4 * i) }
        return sum
    }

    static func dot(block: UnsafeRawPointer, activations: UnsafeRawPointer) -> Float {
        block.float(at: 0) * activations.float(at: 0)
    }
}

extension FormatF16: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .float32 }

    static func dot(row: UnsafeRawPointer, activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0
        for i in 0..<blocks { sum += row.half(at: 2 * i) * activations.float(at: 4 * i) }
        return sum
    }

    static func dot(block: UnsafeRawPointer, activations: UnsafeRawPointer) -> Float {
        block.half(at: 0) * activations.float(at: 0)
    }
}

extension FormatBF16: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .float32 }

    static func dot(row: UnsafeRawPointer, activations: UnsafeRawPointer, blocks: Int) -> Float {
        var sum: Float = 0
        for i in 0..<blocks { sum += Float16Conversion.float(fromBFloat16: row.uint16(at: 2 * i)) * activations.float(at: 4 * i) }
        return sum
    }

    static func dot(block: UnsafeRawPointer, activations: UnsafeRawPointer) -> Float {
        Float16Conversion.float(fromBFloat16: block.uint16(at: 0)) * activations.float(at: 0)
    }
}
