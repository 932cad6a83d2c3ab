import XCTest
@testable import Inference

final class VectorMathTests: XCTestCase {
    /// The table path of the gated GELU gives exactly the scalar reference.
    func testGeluGatedEqualsTheScalarReference() {
        var generator = SeededGenerator(seed: 9)
        let count = 5000
        let inputs = (0..<count).map { i -> Float in
            i < 8 ? [-10, 10, -9.999, 9.999, 0, -0.0, 1e-8, -20][i] : Float(Double(generator.next() % 40_000) / 1000 - 20)
        }
        let up = (0..<count).map { _ in Float(Double(generator.next() % 2000) / 1000 - 1) }
        var gate = inputs
        gate.withUnsafeMutableBufferPointer { g in
            up.withUnsafeBufferPointer { VectorMath.geluGated(g.baseAddress!, up: $0.baseAddress!, count: count) }
        }
        for i in 0..<count {
            XCTAssertEqual(gate[i], VectorMath.geluFP16(inputs[i]) * up[i], "x = \(inputs[i])")
        }
    }

    func testGeluMatchesKnownValues() {
        XCTAssertEqual(VectorMath.gelu(0), 0)
        XCTAssertEqual(VectorMath.gelu(1), 0.841192, accuracy: 1e-5)
        XCTAssertEqual(VectorMath.gelu(-1), -0.158808, accuracy: 1e-5)
    }
}
