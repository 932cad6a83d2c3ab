import XCTest
@testable import Inference

final class QuantFloat16ConversionTests: XCTestCase {
    #if !(os(macOS) && arch(x86_64))
    /// Every one of the 65,536 half patterns widens to exactly the float the
    /// toolchain's `Float16` gives (NaNs compared as NaNs).
    func testHalfToFloatMatchesFloat16ForEveryPattern() {
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let actual = Float16Conversion.float(fromHalf: bits)
            if expected.isNaN {
                XCTAssertTrue(actual.isNaN, "half 0x\(String(bits, radix: 16))")
            } else {
                XCTAssertEqual(actual.bitPattern, expected.bitPattern, "half 0x\(String(bits, radix: 16))")
            }
        }
    }

    /// Narrowing rounds to nearest-even exactly as `Float16(_:)` does, on
    /// halfway points, subnormals, overflow and random floats.
    func testFloatToHalfRoundsLikeFloat16() {
        var generator = SystemRandomNumberGenerator()
        var samples: [Float] = [0, -0, 1, -1, 65504, 65519.99, 65520, 1e-8, 2.9802322e-8, 5.9604645e-8, 8.940697e-8,
                                6.1035156e-5, 6.1e-5, .infinity, -.infinity, .greatestFiniteMagnitude]
        for bits in 0...UInt16.max {
            // Exact halves and the midpoints just above them.
            let value = Float(Float16(bitPattern: bits))
            if value.isFinite {
                samples.append(value)
                samples.append(Float(bitPattern: value.bitPattern &+ 0x1000))
                samples.append(Float(bitPattern: value.bitPattern &+ 0x1001))
            }
        }
        for _ in 0..<100_000 {
            samples.append(Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &generator)))
        }
        for value in samples where !value.isNaN {
            XCTAssertEqual(Float16Conversion.half(from: value), Float16(value).bitPattern, "float \(value)")
        }
        XCTAssertTrue(Float16Conversion.float(fromHalf: Float16Conversion.half(from: .nan)).isNaN)
    }
    #endif

    func testBFloat16IsTheUpperHalfOfAFloat() {
        XCTAssertEqual(Float16Conversion.float(fromBFloat16: 0x3F80), 1)
        XCTAssertEqual(Float16Conversion.float(fromBFloat16: 0xC040), -3)
    }
}
