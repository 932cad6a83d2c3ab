import CKernels
import XCTest
@testable import Inference

/// The fp16 attention kernels (CKernels/attention*.c) against a scalar Swift
/// reference: conversions exact, sums within float summation-order error.
final class KernelAttentionTests: XCTestCase {
    func testConversionsRoundTripAndRoundToNearestEven() {
        let values: [Float] = [0, -0.0, 1, -1, 0.1, 65504, 70000, 1e-8, 6.1e-5, 3.0e-7, .infinity, -.infinity, 1.0009765625, 1.00048828125]
        var half = [UInt16](repeating: 0, count: values.count)
        var back = [Float](repeating: 0, count: values.count)
        ck_f32_to_f16(values, &half, Int64(values.count))
        ck_f16_to_f32(half, &back, Int64(values.count))
        for (i, value) in values.enumerated() {
            XCTAssertEqual(half[i], Float16(value).bitPattern, "f32→f16 of \(value)")
            XCTAssertEqual(back[i], Float(Float16(value)), "f16→f32 of \(value)")
        }
    }

    /// Every instruction set, one to five query heads sharing the cached rows.
    func testScoresAndAccumulationMatchTheScalarReference() {
        var generator = SeededGenerator(seed: 5)
        func random() -> Float { Float(Double(generator.next() % 20_000) / 10_000 - 1) }
        for (dim, count, stride) in [(64, 37, 64), (256, 9, 256), (33, 5, 40)] {
            for heads in [1, 3, 4, 5] {
                let query = (0..<(heads * dim)).map { _ in random() }
                let keys = (0..<(count * stride)).map { _ in Float16(random()).bitPattern }
                let values = (0..<(count * stride)).map { _ in Float16(random()).bitPattern }
                let weightStride = count + 3
                let weights = (0..<(heads * weightStride)).map { _ in random() }
                for isa in InstructionSet.supported {
                    let label = "dim \(dim), \(heads) heads, \(isa)"
                    var scores = [Float](repeating: .nan, count: heads * weightStride)
                    ck_attention_scores_f16(isa.cValue, query, Int64(heads), keys, Int64(stride), Int64(count), Int64(dim), 0.125,
                                            &scores, Int64(weightStride))
                    var out = [Float](repeating: 0.5, count: heads * dim)
                    ck_attention_accumulate_f16(isa.cValue, weights, Int64(weightStride), Int64(heads), values, Int64(stride),
                                                Int64(count), Int64(dim), &out)
                    for h in 0..<heads {
                        for j in 0..<count {
                            let (sum, magnitude) = Self.products(dim) { d in (query[h * dim + d], keys[j * stride + d]) }
                            XCTAssertEqual(Double(scores[h * weightStride + j]), sum * 0.125,
                                           accuracy: magnitude * 0.125 * Double(dim) * 1.2e-7 + 1e-7, "score \(h), \(j), \(label)")
                        }
                        XCTAssertTrue(scores[h * weightStride + count].isNaN, "wrote past the scores of head \(h), \(label)")
                        for d in 0..<dim {
                            let (sum, magnitude) = Self.products(count) { j in (weights[h * weightStride + j], values[j * stride + d]) }
                            XCTAssertEqual(Double(out[h * dim + d]), 0.5 + sum, accuracy: (0.5 + magnitude) * Double(count) * 1.2e-7 + 1e-7,
                                           "output \(h), \(d), \(label)")
                        }
                    }
                }
            }
        }
    }

    /// Σ float·fp16 over `count` pairs in Double, and Σ of their magnitudes
    /// (the scale of the float kernels' rounding error).
    static func products(_ count: Int, _ pair: (Int) -> (Float, UInt16)) -> (sum: Double, magnitude: Double) {
        (0..<count).reduce((0, 0)) { total, i in
            let (a, half) = pair(i)
            let term = Double(a) * Double(Float(Float16(bitPattern: half)))
            return (total.sum + term, total.magnitude + abs(term))
        }
    }
}
