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

    func testScoresAndAccumulationMatchTheScalarReference() {
        var generator = SeededGenerator(seed: 5)
        func random() -> Float { Float(Double(generator.next() % 20_000) / 10_000 - 1) }
        for (dim, count, stride) in [(64, 37, 64), (256, 9, 256), (33, 5, 40)] {
            let query = (0..<dim).map { _ in random() }
            let keys = (0..<(count * stride)).map { _ in Float16(random()).bitPattern }
            let values = (0..<(count * stride)).map { _ in Float16(random()).bitPattern }
            let weights = (0..<count).map { _ in random() }
            var scores = [Float](repeating: 0, count: count)
            ck_attention_scores_f16(query, keys, Int64(stride), Int64(count), Int64(dim), 0.125, &scores)
            var out = [Float](repeating: 0.5, count: dim)
            ck_attention_accumulate_f16(weights, values, Int64(stride), Int64(count), Int64(dim), &out)
            for j in 0..<count {
                var sum: Double = 0
                var magnitude: Double = 0
                for d in 0..<dim {
                    let term = Double(query[d]) * Double(Float(Float16(bitPattern: keys[j * stride + d])))
                    sum += term
                    magnitude += abs(term)
                }
                XCTAssertEqual(Double(scores[j]), sum * 0.125, accuracy: magnitude * 0.125 * Double(dim) * 1.2e-7 + 1e-7, "score \(j), dim \(dim)")
            }
            for d in 0..<dim {
                var sum: Double = 0.5
                var magnitude: Double = 0.5
                for j in 0..<count {
                    let term = Double(weights[j]) * Double(Float(Float16(bitPattern: values[j * stride + d])))
                    sum += term
                    magnitude += abs(term)
                }
                XCTAssertEqual(Double(out[d]), sum, accuracy: magnitude * Double(count) * 1.2e-7 + 1e-7, "output \(d), dim \(dim)")
            }
        }
    }
}
