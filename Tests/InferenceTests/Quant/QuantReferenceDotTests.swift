import XCTest
@testable import Inference

/// `ReferenceDot.dot` against a double-precision dot product of the
/// dequantized fixture values.
///
/// Tolerance: ReferenceDot multiplies exactly-dequantized weights by x and
/// sums n products left to right in float32. Each product and each addition
/// rounds with relative error at most u = 2⁻²⁴, so the classic bound for
/// recursive summation gives |error| ≤ (n + 1)·u·Σ|wᵢxᵢ| (to first order;
/// n·u ≪ 1 here). The test asserts exactly that bound.
final class QuantReferenceDotTests: XCTestCase {
    func testReferenceDotIsWithinTheFloatSummationBoundOfTheExactDot() throws {
        var random = SeededFloats(seed: 7)
        for fixture in try QuantFixture.all() where !fixture.name.hasPrefix("special-") {
            let x = random.floats(fixture.elements, scale: 2)
            var exact = 0.0, magnitude = 0.0
            for i in 0..<fixture.elements {
                let product = Double(fixture.expected[i]) * Double(x[i])
                exact += product
                magnitude += abs(product)
            }
            let actual = fixture.blocks.withUnsafeBytes { raw in
                ReferenceDot.dot(fixture.type, row: raw.baseAddress!, x, count: fixture.elements)
            }
            let bound = Double(fixture.elements + 1) * 0x1p-24 * magnitude
            XCTAssertLessThanOrEqual(abs(Double(actual) - exact), bound,
                                     "\(fixture.name): \(actual) vs exact \(exact), Σ|wx| = \(magnitude)")
        }
    }

    func testReferenceDotOfASingleBlockEqualsTheDequantizedSum() throws {
        // One block at a time the sum order is the same as a plain loop over
        // the dequantized values, so the result is identical, not just close.
        var random = SeededFloats(seed: 11)
        for fixture in try QuantFixture.all() where fixture.type.blockSize > 1 {
            let n = fixture.type.blockSize
            let x = random.floats(n)
            var expected: Float = 0
            for i in 0..<n { expected += fixture.expected[i] * x[i] }
            let actual = fixture.blocks.withUnsafeBytes { ReferenceDot.dot(fixture.type, row: $0.baseAddress!, x, count: n) }
            XCTAssertEqual(actual.bitPattern, expected.bitPattern, fixture.name)
        }
    }
}
