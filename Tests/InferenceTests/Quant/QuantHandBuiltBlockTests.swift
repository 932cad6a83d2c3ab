import XCTest
@testable import Inference

/// Blocks written out by hand from the GGML layouts, for a readable first
/// check of element order; the fixtures from the `gguf` package cover every
/// type exhaustively.
final class QuantHandBuiltBlockTests: XCTestCase {
    private func dequantize(_ type: TensorType, _ bytes: [UInt8], count: Int) -> [Float] {
        var out = [Float](repeating: .nan, count: count)
        bytes.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { Dequantize.row(type, from: raw.baseAddress!, count: count, into: $0.baseAddress!) }
        }
        return out
    }

    func testQ4_1ReadsLowNibblesThenHighNibblesWithScaleAndMin() {
        // d = 0.5 (0x3800), m = -1 (0xBC00); qs[j] = low j, high 15 - j.
        var block: [UInt8] = [0x00, 0x38, 0x00, 0xBC]
        for j in 0..<16 { block.append(UInt8(j) | UInt8(15 - j) << 4) }
        // Prefix one byte so the block is deliberately misaligned.
        let values = [UInt8](repeating: 0, count: 1) + block
        let out = values.withUnsafeBytes { raw -> [Float] in
            var out = [Float](repeating: .nan, count: 32)
            out.withUnsafeMutableBufferPointer { Dequantize.row(.q4_1, from: raw.baseAddress! + 1, count: 32, into: $0.baseAddress!) }
            return out
        }
        for j in 0..<16 {
            XCTAssertEqual(out[j], 0.5 * Float(j) - 1)
            XCTAssertEqual(out[j + 16], 0.5 * Float(15 - j) - 1)
        }
    }

    func testQ8_0ScalesSignedBytes() {
        // d = 2 (0x4000), qs = -16 … 15.
        let block: [UInt8] = [0x00, 0x40] + (0..<32).map { UInt8(bitPattern: Int8($0 - 16)) }
        XCTAssertEqual(dequantize(.q8_0, block, count: 32), (0..<32).map { Float(2 * ($0 - 16)) })
    }

    func testReferenceDotOfF32RowIsPlainDotProduct() {
        let weights: [Float] = [1, 2, 3, -4]
        let x: [Float] = [0.5, -1, 2, 0.25]
        let bytes = weights.withUnsafeBytes { Array($0) }
        let result = bytes.withUnsafeBytes { ReferenceDot.dot(.f32, row: $0.baseAddress!, x, count: 4) }
        XCTAssertEqual(result, 0.5 - 2 + 6 - 1)
    }
}
