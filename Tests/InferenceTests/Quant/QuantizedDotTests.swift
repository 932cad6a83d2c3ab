import XCTest
@testable import Inference

/// The integer dot-product path against `ReferenceDot`.
///
/// Tolerances (u = 2⁻²⁴, n elements, B blocks; wᵢ = aᵢ − bᵢ where aᵢ is the
/// scale part d·sc·q and bᵢ the offset/min part of the dequantized weight,
/// both obtained exactly by dequantizing a copy of the block with the other
/// fp16 field zeroed):
/// - quantization: an activation block with step d = max|x|/127 reproduces
///   each xᵢ within eᵢ = d·(½ + 127·2⁻¹¹ + 2⁻¹⁴) + 2⁻¹⁸ (half a step, the fp16
///   rounding of d times the largest quant, the float rounding of x/d, and
///   fp16 subnormal spacing), so the dot moves by at most Σ|wᵢ|·eᵢ; with Q8_1
///   the stored sum s adds 2⁻¹⁰·Σ|bᵢ|(|xᵢ| + eᵢ).
/// - rounding: ReferenceDot is within (n + 1)·u·Σ|wᵢxᵢ| of exact; the integer
///   path rounds a few scale products per block and its B block sums, within
///   (B + 8)·u·Σ(|aᵢ| + |bᵢ|)(|xᵢ| + eᵢ).
final class QuantizedDotTests: XCTestCase {
    /// Byte offsets of a format's fp16 fields: the scale d, then the
    /// offset/min (ggml's layouts; see the Blocks/ sources).
    private static let halfFields: [TensorType: (scale: Int, offset: Int?)] = [
        .q4_0: (0, nil), .q4_1: (0, 2), .q5_0: (0, nil), .q5_1: (0, 2), .q8_0: (0, nil),
        .q2_K: (80, 82), .q3_K: (108, nil), .q4_K: (0, 2), .q5_K: (0, 2), .q6_K: (208, nil),
    ]

    func testActivationFormatsArePairedAsInGGML() {
        let expected: [TensorType: ActivationFormat] = [
            .f32: .float32, .f16: .float32, .bf16: .float32,
            .q4_0: .q8_0, .q5_0: .q8_0, .q8_0: .q8_0, .q4_1: .q8_1, .q5_1: .q8_1,
            .q2_K: .q8_K, .q3_K: .q8_K, .q4_K: .q8_K, .q5_K: .q8_K, .q6_K: .q8_K,
        ]
        for type in TensorType.allCases {
            XCTAssertEqual(QuantizedDot.activationFormat(for: type), expected[type], "\(type)")
        }
    }

    /// Activations that are exact multiples of a power-of-two step, with the
    /// extreme ±127 in every block, quantize losslessly: only float rounding
    /// separates the integer path from the reference.
    func testIntegerDotWithLosslessActivationsAgreesToRounding() throws {
        var random = SeededFloats(seed: 3)
        for fixture in try QuantFixture.all() where !fixture.name.hasPrefix("special-") {
            var x = [Float](repeating: 0, count: fixture.elements)
            for chunk in stride(from: 0, to: x.count, by: 256) {
                let step = Float(sign: .plus, exponent: -Int(random.next() % 11), significand: 1)
                for i in chunk..<min(chunk + 256, x.count) {
                    // |q| ≤ 60 elsewhere keeps Σq of a Q8_1 block exact in fp16.
                    let q = i % 32 == 5 ? 127 * (random.next() % 2 == 0 ? 1 : -1) : Int(random.next() % 121) - 60
                    x[i] = Float(q) * step
                }
            }
            try assertIntegerDotAgrees(fixture, x, lossless: true)
        }
    }

    func testIntegerDotWithRandomActivationsIsWithinTheQuantizationBound() throws {
        var random = SeededFloats(seed: 5)
        for fixture in try QuantFixture.all() where !fixture.name.hasPrefix("special-") {
            var x = random.floats(fixture.elements, scale: 3)
            x[0] = 40  // an outlier coarsens its block's step
            try assertIntegerDotAgrees(fixture, x, lossless: false)
        }
    }

    /// Float weights keep float activations, summed in the same order as
    /// the reference: identical results.
    func testFloatFormatsGiveExactlyTheReferenceDot() throws {
        var random = SeededFloats(seed: 13)
        for fixture in try QuantFixture.all() where fixture.type.blockSize == 1 && !fixture.name.hasPrefix("special-") {
            let x = random.floats(fixture.elements)
            var activations = [UInt8](repeating: 0, count: 4 * x.count)
            activations.withUnsafeMutableBytes { QuantizedDot.quantize(x, count: x.count, for: fixture.type, into: $0.baseAddress!) }
            fixture.blocks.withUnsafeBytes { w in
                activations.withUnsafeBytes { a in
                    let integer = QuantizedDot.dot(fixture.type, row: w.baseAddress!, activations: a.baseAddress!, count: x.count)
                    let reference = ReferenceDot.dot(fixture.type, row: w.baseAddress!, x, count: x.count)
                    XCTAssertEqual(integer.bitPattern, reference.bitPattern, fixture.name)
                }
            }
        }
    }

    /// ggml's vec_dot (the kernel llama.cpp ran on the machine that made
    /// the fixtures, on ggml-quantized activations) sums the same integers —
    /// the quantizers agree byte for byte — so only the order of the float
    /// scale operations differs: both sides stay within the integer path's
    /// rounding allowance of the exact value.
    func testIntegerDotMatchesGGMLVecDot() throws {
        let x = QuantFixture.floats(try QuantFixture.bytes("ggml-dot.x"))
        let fixtures = try QuantFixture.all()
        let text = String(decoding: try QuantFixture.bytes("ggml-dots.tsv"), as: UTF8.self)
        var checked = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count >= 2, let bits = UInt32(fields[1], radix: 16),
                  let fixture = fixtures.first(where: { $0.name == fields[0] }), fixture.elements <= x.count else {
                throw FixtureError("bad ggml-dots.tsv line: \(line)")
            }
            let ggml = Float(bitPattern: bits)
            let prefix = Array(x[0..<fixture.elements])
            let ours = integerDot(fixture, prefix)
            let allowance = 2 * bounds(fixture, prefix).integerRounding
            XCTAssertLessThanOrEqual(abs(Double(ours) - Double(ggml)), allowance, "\(fixture.name): ours \(ours), ggml \(ggml)")
            checked += 1
        }
        XCTAssertEqual(checked, fixtures.filter { $0.type.blockSize > 1 }.count, "every quantized fixture has a ggml result")
    }

    /// matVec quantizes once and dots every row: the same numbers as
    /// calling `dot` row by row.
    func testMatVecEqualsRowByRowDots() throws {
        for fixture in try QuantFixture.all() where fixture.name.hasPrefix("real-") {
            let rows = fixture.type == .f32 ? 1 : 3
            let cols = fixture.elements / rows
            let rowBytes = fixture.type.byteCount(elements: cols)!
            var random = SeededFloats(seed: 9)
            let x = random.floats(cols)
            var y = [Float](repeating: .nan, count: rows)
            let format = QuantizedDot.activationFormat(for: fixture.type)
            var activations = [UInt8](repeating: 0, count: format.byteCount(elements: cols)!)
            activations.withUnsafeMutableBytes { QuantizedDot.quantize(x, count: cols, for: fixture.type, into: $0.baseAddress!) }
            fixture.blocks.withUnsafeBytes { weights in
                y.withUnsafeMutableBufferPointer { out in
                    QuantizedDot.matVec(fixture.type, weights: weights.baseAddress!, rows: rows, cols: cols, x: x, into: out.baseAddress!)
                }
                activations.withUnsafeBytes { a in
                    for r in 0..<rows {
                        let expected = QuantizedDot.dot(fixture.type, row: weights.baseAddress! + r * rowBytes,
                                                        activations: a.baseAddress!, count: cols)
                        XCTAssertEqual(y[r].bitPattern, expected.bitPattern, "\(fixture.name) row \(r)")
                    }
                }
            }
        }
    }

    // MARK: - Tolerance

    /// The error bounds of the header for `fixture` dotted with `x`.
    private struct Bounds {
        var quantization = 0.0  // Σ|wᵢ|eᵢ (+ the Q8_1 sum term)
        var scaleRounding = 0.0  // Σ(|aᵢ| + |bᵢ|)(|xᵢ| + eᵢ)
        var referenceRounding = 0.0  // Σ|wᵢxᵢ|
        var blocks = 0.0

        /// Float-rounding allowance of the integer path.
        var integerRounding: Double { (blocks + 8) * 0x1p-24 * scaleRounding }
    }

    private func bounds(_ fixture: QuantFixture, _ x: [Float]) -> Bounds {
        let format = QuantizedDot.activationFormat(for: fixture.type)
        let (scalePart, offsetPart) = splitWeights(fixture)
        let step = format.blockSize
        var result = Bounds(blocks: Double(x.count / step))
        for start in stride(from: 0, to: x.count, by: step) {
            let block = start..<(start + step)
            let largest = block.map { Double(abs(x[$0])) }.max() ?? 0
            // Float weights meet float activations: nothing is quantized.
            let e = format == .float32 ? 0 : largest / 127 * (0.5 + 127 * 0x1p-11 + 0x1p-14) + 0x1p-18
            for i in block {
                let w = Double(fixture.expected[i]), a = Double(scalePart[i]), b = Double(offsetPart[i])
                let xi = Double(abs(x[i]))
                result.quantization += abs(w) * e
                if format == .q8_1 { result.quantization += 0x1p-10 * abs(b) * (xi + e) }
                result.scaleRounding += (abs(a) + abs(b)) * (xi + e)
                result.referenceRounding += abs(w) * xi
            }
        }
        return result
    }

    private func assertIntegerDotAgrees(_ fixture: QuantFixture, _ x: [Float], lossless: Bool) throws {
        let type = fixture.type
        let (integer, reference) = fixture.blocks.withUnsafeBytes { w in
            (integerDot(fixture, x), ReferenceDot.dot(type, row: w.baseAddress!, x, count: x.count))
        }
        let bound = bounds(fixture, x)
        var tolerance = bound.integerRounding + Double(x.count + 1) * 0x1p-24 * bound.referenceRounding
        // Lossless activations leave only the Q8_1 sum's fp16 rounding, which
        // the chosen values keep exact as well.
        if !lossless { tolerance += bound.quantization }
        XCTAssertLessThanOrEqual(abs(Double(integer) - Double(reference)), tolerance,
                                 "\(fixture.name): integer \(integer), reference \(reference)")
    }

    /// Quantizes `x` for `fixture`'s type and dots it with the whole fixture.
    private func integerDot(_ fixture: QuantFixture, _ x: [Float]) -> Float {
        let format = QuantizedDot.activationFormat(for: fixture.type)
        var activations = [UInt8](repeating: 0, count: format.byteCount(elements: x.count)!)
        activations.withUnsafeMutableBytes { QuantizedDot.quantize(x, count: x.count, for: fixture.type, into: $0.baseAddress!) }
        return fixture.blocks.withUnsafeBytes { w in
            activations.withUnsafeBytes { a in
                QuantizedDot.dot(fixture.type, row: w.baseAddress!, activations: a.baseAddress!, count: x.count)
            }
        }
    }

    /// The dequantized weights split into the part scaled by d and the part
    /// from the offset/min field, by dequantizing copies with one fp16
    /// field zeroed (float formats: all scale part).
    private func splitWeights(_ fixture: QuantFixture) -> (scale: [Float], offset: [Float]) {
        guard let fields = Self.halfFields[fixture.type], let offsetField = fields.offset else {
            return (fixture.expected, [Float](repeating: 0, count: fixture.elements))
        }
        func dequantize(zeroing field: Int) -> [Float] {
            var blocks = fixture.blocks
            for start in stride(from: 0, to: blocks.count, by: fixture.type.bytesPerBlock) {
                blocks[start + field] = 0
                blocks[start + field + 1] = 0
            }
            var out = [Float](repeating: 0, count: fixture.elements)
            blocks.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { Dequantize.row(fixture.type, from: raw.baseAddress!, count: fixture.elements, into: $0.baseAddress!) }
            }
            return out
        }
        return (dequantize(zeroing: offsetField), dequantize(zeroing: fields.scale))
    }
}
