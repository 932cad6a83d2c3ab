import XCTest
@testable import Inference

final class QuantizeActivationsTests: XCTestCase {
    private func loadActivationFixture() throws -> (input: [Float], q8_0: [UInt8]) {
        let input = QuantFixture.floats(try QuantFixture.bytes("activations-q8_0.input"))
        let blocks = try QuantFixture.bytes("activations-q8_0.blocks")
        guard ActivationFormat.q8_0.byteCount(elements: input.count) == blocks.count else {
            throw FixtureError("activations-q8_0: \(input.count) inputs but \(blocks.count) block bytes")
        }
        return (input, blocks)
    }

    private func quantize(_ format: ActivationFormat, _ x: [Float]) -> [UInt8] {
        var out = [UInt8](repeating: 0xEE, count: format.byteCount(elements: x.count)!)
        out.withUnsafeMutableBytes { QuantizeActivations.row(format, x, count: x.count, into: $0.baseAddress!) }
        return out
    }

    /// gguf's Q8_0 quantizer is bit-exact with ggml's reference, so ours
    /// must produce the very same bytes (including the all-zero block, an
    /// outlier and exact .5 products, which round away from zero).
    func testQ8_0MatchesGGUFByteForByte() throws {
        let (input, expected) = try loadActivationFixture()
        XCTAssertEqual(quantize(.q8_0, input), expected)
    }

    /// Q8_1 carries the same d and quants as Q8_0, plus s ≈ d·Σq (two fp16
    /// roundings: relative error ≤ 2⁻¹⁰).
    func testQ8_1IsQ8_0PlusTheScaledSum() throws {
        let (input, q8_0) = try loadActivationFixture()
        let q8_1 = quantize(.q8_1, input)
        for block in 0..<(input.count / 32) {
            let a = 34 * block, b = 36 * block
            XCTAssertEqual(Array(q8_1[b..<(b + 2)]), Array(q8_0[a..<(a + 2)]), "d of block \(block)")
            XCTAssertEqual(Array(q8_1[(b + 4)..<(b + 36)]), Array(q8_0[(a + 2)..<(a + 34)]), "quants of block \(block)")
            let d = Float16Conversion.float(fromHalf: UInt16(q8_1[b]) | UInt16(q8_1[b + 1]) << 8)
            let s = Float16Conversion.float(fromHalf: UInt16(q8_1[b + 2]) | UInt16(q8_1[b + 3]) << 8)
            let sum = q8_1[(b + 4)..<(b + 36)].reduce(0) { $0 + Int(Int8(bitPattern: $1)) }
            XCTAssertEqual(s, d * Float(sum), accuracy: abs(d * Float(sum)) * 0x1p-10 + 0x1p-24, "s of block \(block)")
        }
    }

    /// Q8_K: the largest-magnitude element becomes ∓127, every element is
    /// within d/2 of its reconstruction, bsums are the sums of 16 quants,
    /// and an all-zero block stores zeros.
    func testQ8_KKeepsEveryElementWithinHalfAStep() throws {
        var (input, _) = try loadActivationFixture()
        input.replaceSubrange(256..<512, with: repeatElement(0, count: 256))
        let blocks = quantize(.q8_K, input)
        blocks.withUnsafeBytes { raw in
            for block in 0..<(input.count / 256) {
                let base = raw.baseAddress! + 292 * block
                let d = base.float(at: 0)
                var largest = 0
                for j in 0..<256 {
                    let q = Int(base.signedByte(at: 4 + j)), x = input[256 * block + j]
                    largest = max(largest, abs(q))
                    XCTAssertLessThanOrEqual(abs(Float(q) * d - x), abs(d) * 0.5000001, "block \(block) element \(j)")
                }
                for group in 0..<16 {
                    let sum = (0..<16).reduce(0) { $0 + Int(base.signedByte(at: 4 + 16 * group + $1)) }
                    XCTAssertEqual(Int(base.int16(at: 260 + 2 * group)), sum, "bsum \(group) of block \(block)")
                }
                if block == 1 {
                    XCTAssertEqual(d, 0)
                    XCTAssertEqual(largest, 0)
                } else {
                    XCTAssertEqual(largest, 127, "block \(block)")
                }
            }
        }
    }

    /// Q8_K scales by −127/max and rounds ties to even (ggml's
    /// `nearest_int`), unlike Q8_0's `roundf`.
    func testQ8_KRoundsTiesToEvenWithTheSignOfTheExtreme() {
        var x = [Float](repeating: 0, count: 256)
        x[0] = 127  // scale −1: every other x maps to −x exactly
        let ties: [Float] = [2.5, 1.5, 0.5, -0.5, -1.5, -2.5]
        x.replaceSubrange(1...ties.count, with: ties)
        let block = quantize(.q8_K, x)
        let quants = (0...ties.count).map { Int8(bitPattern: block[4 + $0]) }
        XCTAssertEqual(quants, [-127, -2, -2, 0, 0, 2, 2])
        XCTAssertEqual(block.withUnsafeBytes { $0.baseAddress!.float(at: 0) }, -1)
    }

    func testNonFiniteActivationsQuantizeWithoutTrapping() {
        var x = [Float](repeating: 1, count: 256)
        x[3] = .nan
        x[40] = .infinity
        x[100] = -.infinity
        for format in ActivationFormat.allCases {
            let bytes = quantize(format, x)
            XCTAssertEqual(bytes.count, format.byteCount(elements: 256), "\(format)")
        }
    }

    func testFloat32ActivationsAreStoredUnchanged() {
        let x: [Float] = [1.5, -0.0, .pi, .leastNonzeroMagnitude]
        XCTAssertEqual(quantize(.float32, x), x.withUnsafeBytes { Array($0) })
    }
}
