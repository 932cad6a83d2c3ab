import CKernels
import XCTest
@testable import Inference

/// The float32 dense kernel (CKernels/dense*.c) on every instruction set
/// against a Double reference, on ragged shapes: rows not a multiple of the
/// 4-row tile, inputs not a multiple of 8, an odd token count, a row range
/// starting inside the matrix.
final class KernelDenseTests: XCTestCase {
    func testEveryInstructionSetMatchesADoubleReferenceOnRaggedShapes() {
        var random = SeededFloats(seed: 3)
        for (rows, inputs, tokens) in [(7, 13, 5), (16, 384, 3), (9, 40, 1)] {
            let w = random.floats(rows * inputs, scale: 1), x = random.floats(tokens * inputs, scale: 2), bias = random.floats(rows, scale: 1)
            for range in [0..<rows, 2..<rows] {
                for isa in InstructionSet.supported {
                    var y = [Float](repeating: .nan, count: tokens * rows)
                    ck_dense_f32(isa.cValue, w, bias, Int64(inputs), Int64(range.lowerBound), Int64(range.upperBound), x, Int64(tokens), &y, Int64(rows))
                    for t in 0..<tokens {
                        for r in 0..<rows {
                            let value = y[t * rows + r]
                            guard range.contains(r) else {
                                XCTAssertTrue(value.isNaN, "\(isa) wrote row \(r) outside \(range)")
                                continue
                            }
                            var sum = Double(bias[r]), magnitude = abs(Double(bias[r]))
                            for i in 0..<inputs {
                                sum += Double(x[t * inputs + i]) * Double(w[r * inputs + i])
                                magnitude += abs(Double(x[t * inputs + i]) * Double(w[r * inputs + i]))
                            }
                            XCTAssertEqual(Double(value), sum, accuracy: magnitude * Double(inputs + 1) * 6e-8 + 1e-30,
                                           "\(isa), \(rows)×\(inputs), token \(t), row \(r)")
                        }
                    }
                }
            }
        }
    }
}
