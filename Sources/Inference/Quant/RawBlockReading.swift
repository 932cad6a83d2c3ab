/// Little-endian, alignment-free reads of the fields of GGML blocks.
///
/// Blocks are packed back to back (a Q4_1 block is 20 bytes, a Q6_K block
/// 210), so no multi-byte field can be assumed aligned.
extension UnsafeRawPointer {
    @inline(__always)
    func byte(at offset: Int) -> UInt8 {
        load(fromByteOffset: offset, as: UInt8.self)
    }

    @inline(__always)
    func signedByte(at offset: Int) -> Int8 {
        load(fromByteOffset: offset, as: Int8.self)
    }

    @inline(__always)
    func uint16(at offset: Int) -> UInt16 {
        UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always)
    func int16(at offset: Int) -> Int16 {
        Int16(littleEndian: loadUnaligned(fromByteOffset: offset, as: Int16.self))
    }

    @inline(__always)
    func uint32(at offset: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// An fp16 field, widened to `Float`.
    @inline(__always)
    func half(at offset: Int) -> Float {
        Float16Conversion.float(fromHalf: uint16(at: offset))
    }

    /// An fp32 field.
    @inline(__always)
    func float(at offset: Int) -> Float {
        Float(bitPattern: uint32(at: offset))
    }
}
