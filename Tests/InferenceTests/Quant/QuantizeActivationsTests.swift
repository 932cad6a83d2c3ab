import XCTest
@testable import Inference

final class QuantizeActivationsTests: XCTestCase {
    private func quantize(_ format: ActivationFormat, _ x: [Float]) -> [UInt8] {
        var out = [UInt8](repeating: 0xEE, count: format.byteCount(elements: x.count)!)
        out.withUnsafeMutableBytes { QuantizeActivations.row(format, x, count: x.count, into: $0.baseAddress!) }
        return out
    }

    /// Quantizes activations.input and compares with the bytes ggml's
    /// reference quantizer produced for it (byte for byte: the same integer
    /// quants, the same fp16/float scales, the same block sums).
    private func assertMatchesGGML(_ format: ActivationFormat, file: StaticString = #filePath, line: UInt = #line) throws {
        let input = QuantFixture.floats(try QuantFixture.bytes("activations.input"))
        let expected = try QuantFixture.bytes("activations-\(format.description.replacingOccurrences(of: "Q", with: "q")).blocks")
        XCTAssertEqual(format.byteCount(elements: input.count), expected.count, "fixture size", file: file, line: line)
        let actual = quantize(format, input)
        let differing = zip(actual, expected).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        XCTAssertTrue(differing.isEmpty, "\(format): \(differing.count) bytes differ, first at block \((differing.first ?? 0) / format.bytesPerBlock) byte \((differing.first ?? 0) % format.bytesPerBlock)", file: file, line: line)
    }

    /// The fixture rows include an all-zero block, an outlier and exact
    /// halfway quotients (Q8_0/Q8_1 round them away from zero).
    func testQ8_0MatchesGGMLByteForByte() throws { try assertMatchesGGML(.q8_0) }

    func testQ8_1MatchesGGMLByteForByte() throws { try assertMatchesGGML(.q8_1) }

    /// Includes an all-zero super-block and one whose extreme is negative.
    func testQ8_KMatchesGGMLByteForByte() throws { try assertMatchesGGML(.q8_K) }

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
