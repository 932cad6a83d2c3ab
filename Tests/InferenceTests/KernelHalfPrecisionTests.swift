import CKernels
import XCTest
@testable import Inference

/// The fp16 helpers attention uses, against plain Swift loops.
final class KernelHalfPrecisionTests: XCTestCase {
    func testDotWithHalfPrecisionAgreesWithAPlainLoop() {
        var random = SeededFloats(seed: 55)
        for count in [1, 7, 64, 256, 259] {
            let a = random.floats(count, scale: 3)
            let b = random.floats(count, scale: 3).map { Float16($0) }
            var reference: Float = 0, magnitude: Float = 0
            for i in 0..<count {
                reference += a[i] * Float(b[i])
                magnitude += abs(a[i] * Float(b[i]))
            }
            let fast = a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { VectorMath.dot(a.baseAddress!, $0.baseAddress!, count: count) } }
            // Only the summation order differs: within (n + 1)·2⁻²⁴·Σ|aᵢbᵢ|.
            XCTAssertEqual(fast, reference, accuracy: Float(count + 1) * 0x1p-24 * magnitude, "\(count) elements")
        }
    }

    func testAddScaledIsExactlyTheElementwiseProductThenSum() {
        var random = SeededFloats(seed: 89)
        for count in [3, 64, 77] {
            let x = random.floats(count, scale: 10).map { Float16($0) }
            let start = random.floats(count)
            let w: Float = 0.3712
            var fast = start
            x.withUnsafeBufferPointer { x in fast.withUnsafeMutableBufferPointer { VectorMath.addScaled(x.baseAddress!, by: w, into: $0.baseAddress!, count: count) } }
            let expected = (0..<count).map { start[$0] + w * Float(x[$0]) }
            XCTAssertEqual(fast, expected, "\(count) elements")
        }
    }
}
