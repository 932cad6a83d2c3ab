import CKernels
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

    /// Softmax on every instruction set against a Double reference: each
    /// probability within a few float ulps (the polynomial exp is within 2
    /// ulp of expf), on lengths with and without a SIMD tail, spreads that
    /// underflow, and equal inputs.
    func testSoftmaxMatchesADoubleReferenceOnEveryInstructionSet() {
        var generator = SeededGenerator(seed: 11)
        func random(_ spread: Double) -> Float { Float((Double(generator.next() % 1_000_000) / 1_000_000 - 0.5) * spread) }
        var cases: [[Float]] = [[0], [3, 3, 3, 3, 3, 3, 3, 3, 3], [1, -200, 0.5, -90, -86.9, 2, -87.1, 0, 1, 1, 1]]
        for (count, spread) in [(7, 4.0), (64, 10.0), (257, 30.0), (1000, 200.0)] { cases.append((0..<count).map { _ in random(spread) }) }
        for input in cases {
            let maximum = Double(input.max()!)
            let exps = input.map { exp(Double($0) - maximum) }
            let total = exps.reduce(0, +)
            for isa in InstructionSet.supported {
                var x = input
                ck_softmax(isa.cValue, &x, Int64(x.count))
                for (i, value) in x.enumerated() {
                    let expected = exps[i] / total
                    // x − max is rounded to float first: a relative error of up
                    // to |x − max|·2⁻²⁴ before any exp; the float sum of n terms
                    // adds up to n·2⁻²⁴ to every element. Below e^-87 of the
                    // largest, the SIMD exp gives 0 (expected < 1.7e-38).
                    let shift = Double(input[i]) - maximum
                    let tolerance = expected * (4e-7 + (abs(shift) + Double(input.count)) * 6e-8) + (shift < -86 ? 1.7e-38 : 1e-45)
                    XCTAssertEqual(Double(value), expected, accuracy: tolerance, "\(isa), \(input.count) values, element \(i)")
                }
                XCTAssertEqual(Double(x.reduce(0, +)), 1, accuracy: 2e-6, "\(isa): probabilities sum to 1")
            }
        }
    }

    /// SwiGLU on every instruction set against a Double reference, on a
    /// length with a SIMD tail and on inputs where e^−x overflows a float or
    /// the polynomial exp underflows; and the same values when the rows are
    /// split over the cores.
    func testSiluGatedMatchesADoubleReferenceOnEveryInstructionSet() {
        var generator = SeededGenerator(seed: 12)
        let count = 5003
        let special: [Float] = [0, -0.0, 1e-8, -1e-8, 20, -20, 87, -87, -87.5, -100, 100, -300]
        let inputs = (0..<count).map { i -> Float in
            i < special.count ? special[i] : Float(Double(generator.next() % 40_000) / 1000 - 20)
        }
        let up = (0..<count).map { _ in Float(Double(generator.next() % 2000) / 1000 - 1) }
        for isa in InstructionSet.supported {
            var gate = inputs
            ck_silu_gated(isa.cValue, &gate, up, Int64(count))
            for i in 0..<count {
                let x = Double(inputs[i])
                let expected = x / (1 + exp(-x)) * Double(up[i])
                // A few ulp of the polynomial exp, the division and two products;
                // below −87 the SIMD exp is 0, so silu is 0 (|expected| < 1e-35).
                XCTAssertEqual(Double(gate[i]), expected, accuracy: abs(expected) * 1e-6 + (x < -87 ? 1e-35 : 1e-38), "\(isa), x = \(x)")
            }
        }
        let large = 3 << 16 + 5
        let (x, u) = ((0..<large).map { Float($0 % 977) / 40 - 12 }, (0..<large).map { Float($0 % 13) / 6 - 1 })
        var alone = x, split = x
        ck_silu_gated(InstructionSet.active.cValue, &alone, u, Int64(large))
        split.withUnsafeMutableBufferPointer { g in
            u.withUnsafeBufferPointer { VectorMath.siluGated(g.baseAddress!, up: $0.baseAddress!, count: large) }
        }
        XCTAssertEqual(split, alone)
    }
}
