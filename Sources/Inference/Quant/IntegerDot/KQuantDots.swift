/// Integer dot products of the K-quants with Q8_K activations (`d: Float32`
/// at byte 0, quants at byte 4, sixteen Int16 sums of 16 quants at byte 260).
///
/// Sub-block scales multiply integer partial sums; a format's minimums are
/// applied through the activation block sums, never per element.

/// The parts of a Q8_K activation block.
private extension UnsafeRawPointer {
    @inline(__always) func q8KScale() -> Float { float(at: 0) }
    @inline(__always) func q8KQuant(_ j: Int) -> Int { Int(signedByte(at: 4 + j)) }
    @inline(__always) func q8KSum(_ group: Int) -> Int { Int(int16(at: 260 + 2 * group)) }
}

extension BlockQ2_K: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .q8_K }

    static func dot(block: UnsafeRawPointer, activations y: UnsafeRawPointer) -> Float {
        var minimums = 0  // Σ min_j · (Σ activations of sub-block j)
        for j in 0..<16 { minimums += Int(block.byte(at: j) >> 4) * y.q8KSum(j) }
        var total = 0
        var subBlock = 0
        for half in 0..<2 {
            let q = block + 16 + 32 * half
            for shift in stride(from: 0, to: 8, by: 2) {
                for part in 0..<2 {
                    var partial = 0
                    for l in 0..<16 {
                        let value = Int((q.byte(at: 16 * part + l) >> UInt8(shift)) & 3)
                        partial += value * y.q8KQuant(16 * subBlock + l)
                    }
                    total += Int(block.byte(at: subBlock) & 0x0F) * partial
                    subBlock += 1
                }
            }
        }
        let d = y.q8KScale() * block.half(at: 80)
        let dmin = y.q8KScale() * block.half(at: 82)
        return d * Float(total) - dmin * Float(minimums)
    }
}

extension BlockQ3_K: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .q8_K }

    static func dot(block: UnsafeRawPointer, activations y: UnsafeRawPointer) -> Float {
        let scales = block + 96
        var total = 0
        var subBlock = 0
        var maskBit: UInt8 = 1
        for half in 0..<2 {
            let q = block + 32 + 32 * half
            for shift in stride(from: 0, to: 8, by: 2) {
                for part in 0..<2 {
                    var partial = 0
                    for l in 0..<16 {
                        let index = 16 * part + l
                        let low = Int((q.byte(at: index) >> UInt8(shift)) & 3)
                        let value = block.byte(at: index) & maskBit != 0 ? low : low - 4
                        partial += value * y.q8KQuant(16 * subBlock + l)
                    }
                    total += KQuantScales.scale3K(subBlock, scales) * partial
                    subBlock += 1
                }
                maskBit <<= 1
            }
        }
        return block.half(at: 108) * y.q8KScale() * Float(total)
    }
}

extension BlockQ4_K: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .q8_K }

    static func dot(block: UnsafeRawPointer, activations y: UnsafeRawPointer) -> Float {
        let scales = block + 4
        var total = 0, minimums = 0
        for pair in 0..<4 {
            let q = block + 16 + 32 * pair
            var partialLow = 0, partialHigh = 0
            for l in 0..<32 {
                let packed = q.byte(at: l)
                partialLow += Int(packed & 0x0F) * y.q8KQuant(64 * pair + l)
                partialHigh += Int(packed >> 4) * y.q8KQuant(64 * pair + 32 + l)
            }
            let (scaleLow, minLow) = KQuantScales.scaleAndMin6(2 * pair, scales)
            let (scaleHigh, minHigh) = KQuantScales.scaleAndMin6(2 * pair + 1, scales)
            total += Int(scaleLow) * partialLow + Int(scaleHigh) * partialHigh
            // A 32-element sub-block spans two 16-element activation sums.
            minimums += Int(minLow) * (y.q8KSum(4 * pair) + y.q8KSum(4 * pair + 1))
            minimums += Int(minHigh) * (y.q8KSum(4 * pair + 2) + y.q8KSum(4 * pair + 3))
        }
        let d = block.half(at: 0) * y.q8KScale()
        let dmin = block.half(at: 2) * y.q8KScale()
        return d * Float(total) - dmin * Float(minimums)
    }
}

extension BlockQ5_K: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .q8_K }

    static func dot(block: UnsafeRawPointer, activations y: UnsafeRawPointer) -> Float {
        let scales = block + 4
        let qh = block + 16
        var total = 0, minimums = 0
        for pair in 0..<4 {
            let q = block + 48 + 32 * pair
            let bitLow = UInt8(1) << UInt8(2 * pair)
            let bitHigh = bitLow << 1
            var partialLow = 0, partialHigh = 0
            for l in 0..<32 {
                let packed = q.byte(at: l)
                let high = qh.byte(at: l)
                let valueLow = Int(packed & 0x0F) | (high & bitLow != 0 ? 16 : 0)
                let valueHigh = Int(packed >> 4) | (high & bitHigh != 0 ? 16 : 0)
                partialLow += valueLow * y.q8KQuant(64 * pair + l)
                partialHigh += valueHigh * y.q8KQuant(64 * pair + 32 + l)
            }
            let (scaleLow, minLow) = KQuantScales.scaleAndMin6(2 * pair, scales)
            let (scaleHigh, minHigh) = KQuantScales.scaleAndMin6(2 * pair + 1, scales)
            total += Int(scaleLow) * partialLow + Int(scaleHigh) * partialHigh
            minimums += Int(minLow) * (y.q8KSum(4 * pair) + y.q8KSum(4 * pair + 1))
            minimums += Int(minHigh) * (y.q8KSum(4 * pair + 2) + y.q8KSum(4 * pair + 3))
        }
        let d = block.half(at: 0) * y.q8KScale()
        let dmin = block.half(at: 2) * y.q8KScale()
        return d * Float(total) - dmin * Float(minimums)
    }
}

extension BlockQ6_K: IntegerDotFormat {
    static var activationFormat: ActivationFormat { .q8_K }

    static func dot(block: UnsafeRawPointer, activations y: UnsafeRawPointer) -> Float {
        var total = 0
        for half in 0..<2 {
            let ql = block + 64 * half
            let qh = block + 128 + 32 * half
            let scales = block + 192 + 8 * half
            // Quarter k of the half: nibble k/2 of ql[l + 32·(k%2)], bits 2k… of qh[l].
            for k in 0..<4 {
                let lowBytes = ql + 32 * (k % 2)
                let nibbleShift = UInt8(4 * (k / 2))
                let highShift = UInt8(2 * k)
                for part in 0..<2 {
                    var partial = 0
                    for l in (16 * part)..<(16 * part + 16) {
                        let low = (lowBytes.byte(at: l) >> nibbleShift) & 0x0F
                        let high = (qh.byte(at: l) >> highShift) & 3
                        partial += (Int(low | high << 4) - 32) * y.q8KQuant(128 * half + 32 * k + l)
                    }
                    total += Int(scales.signedByte(at: 2 * k + part)) * partial
                }
            }
        }
        return block.half(at: 208) * y.q8KScale() * Float(total)
    }
}
