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
                            var sum: Double = 0
                            var magnitude: Double = 0
                            for d in 0..<dim {
                                let term = Double(query[h * dim + d]) * Double(Float(Float16(bitPattern: keys[j * stride + d])))
                                sum += term
                                magnitude += abs(term)
                            }
                            XCTAssertEqual(Double(scores[h * weightStride + j]), sum * 0.125,
                                           accuracy: magnitude * 0.125 * Double(dim) * 1.2e-7 + 1e-7, "score \(h), \(j), \(label)")
                        }
                        XCTAssertTrue(scores[h * weightStride + count].isNaN, "wrote past the scores of head \(h), \(label)")
                        for d in 0..<dim {
                            var sum: Double = 0.5
                            var magnitude: Double = 0.5
                            for j in 0..<count {
                                let term = Double(weights[h * weightStride + j]) * Double(Float(Float16(bitPattern: values[j * stride + d])))
                                sum += term
                                magnitude += abs(term)
                            }
                            XCTAssertEqual(Double(out[h * dim + d]), sum, accuracy: magnitude * Double(count) * 1.2e-7 + 1e-7,
                                           "output \(h), \(d), \(label)")
                        }
                    }
                }
            }
        }
    }
}
