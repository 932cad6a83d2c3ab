import XCTest
@testable import Inference

/// `Dequantize.row` against `gguf.quants.dequantize` on the fixtures.
///
/// Equality is bitwise: each element is computed with the same float32
/// operations in the same order as gguf's numpy code (and ggml's C), with no
/// fused multiply-add, so there is no rounding difference to allow for.
final class QuantDequantizeTests: XCTestCase {
    func testEveryTypeHasRandomFixturesAndTheDemoModelTypesHaveRealOnes() throws {
        let fixtures = try QuantFixture.all()
        for type in TensorType.allCases {
            XCTAssertTrue(fixtures.contains { $0.type == type && $0.name.hasPrefix("random-") }, "no random fixture for \(type)")
        }
        for type in [TensorType.f32, .q4_1, .q8_0, .q5_0, .q4_K, .q6_K] {
            XCTAssertTrue(fixtures.contains { $0.type == type && $0.name.hasPrefix("real-") }, "no real fixture for \(type)")
        }
    }

    func testDequantizeMatchesGGUFBitForBit() throws {
        for fixture in try QuantFixture.all() {
            // Start one byte past an aligned address: rows inside a GGUF
            // file carry no alignment guarantee for their fields.
            let staged = [UInt8(0xA5)] + fixture.blocks
            var actual = [Float](repeating: .nan, count: fixture.elements)
            staged.withUnsafeBytes { raw in
                actual.withUnsafeMutableBufferPointer { out in
                    Dequantize.row(fixture.type, from: raw.baseAddress! + 1, count: fixture.elements, into: out.baseAddress!)
                }
            }
            var mismatches = 0
            for i in 0..<fixture.elements where actual[i].bitPattern != fixture.expected[i].bitPattern {
                if mismatches < 5 {
                    XCTFail("\(fixture.name) [\(fixture.origin)] element \(i): got \(actual[i]) (0x\(String(actual[i].bitPattern, radix: 16))), gguf \(fixture.expected[i]) (0x\(String(fixture.expected[i].bitPattern, radix: 16)))")
                }
                mismatches += 1
            }
            XCTAssertEqual(mismatches, 0, "\(fixture.name): \(mismatches) of \(fixture.elements) elements differ")
        }
    }

    func testDequantizingRowsOneBlockAtATimeGivesTheSameResult() throws {
        for fixture in try QuantFixture.all() where fixture.type.blockSize > 1 {
            let blockSize = fixture.type.blockSize
            var actual = [Float](repeating: .nan, count: fixture.elements)
            fixture.blocks.withUnsafeBytes { raw in
                actual.withUnsafeMutableBufferPointer { out in
                    for block in 0..<(fixture.elements / blockSize) {
                        Dequantize.row(fixture.type, from: raw.baseAddress! + block * fixture.type.bytesPerBlock,
                                       count: blockSize, into: out.baseAddress! + block * blockSize)
                    }
                }
            }
            XCTAssertEqual(actual.map(\.bitPattern), fixture.expected.map(\.bitPattern), fixture.name)
        }
    }
}
