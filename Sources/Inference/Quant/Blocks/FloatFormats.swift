/// Unquantized float storage: one element per "block".

/// IEEE binary32, little-endian.
enum FormatF32: BlockFormat {
    static var type: TensorType { .f32 }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        y[0] = block.float(at: 0)
    }

    static func dequantize(blocks: UnsafeRawPointer, count blockCount: Int, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<blockCount { y[i] = blocks.float(at: 4 * i) }
    }
}

/// IEEE binary16, little-endian.
enum FormatF16: BlockFormat {
    static var type: TensorType { .f16 }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        y[0] = block.half(at: 0)
    }

    static func dequantize(blocks: UnsafeRawPointer, count blockCount: Int, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<blockCount { y[i] = blocks.half(at: 2 * i) }
    }
}

/// bfloat16 (the upper half of a binary32), little-endian.
enum FormatBF16: BlockFormat {
    static var type: TensorType { .bf16 }

    static func dequantize(block: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        y[0] = Float16Conversion.float(fromBFloat16: block.uint16(at: 0))
    }

    static func dequantize(blocks: UnsafeRawPointer, count blockCount: Int, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<blockCount { y[i] = Float16Conversion.float(fromBFloat16: blocks.uint16(at: 2 * i)) }
    }
}
