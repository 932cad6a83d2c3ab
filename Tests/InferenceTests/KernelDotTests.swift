import CKernels
import XCTest
@testable import Inference

/// The C kernels (every instruction set this CPU has × every tensor type)
/// against the Swift scalar reference `QuantizedDot`.
///
/// Tolerance: none. Integer block sums are exact in every path, and each
/// path applies the block scales and sums the blocks in the reference's
/// float order (per row in a vector lane), so results must be identical bit
/// for bit — which is also what makes batched decoding equal one-at-a-time.
final class KernelDotTests: XCTestCase {
    /// Activation quantization in C writes the very bytes the Swift
    /// reference does, on every instruction set (side data included).
    func testQuantizedActivationsAreTheReferenceBytesOnEveryInstructionSet() {
        var random = SeededFloats(seed: 21)
        for type in [TensorType.q8_0, .q4_1, .q6_K] {
            let format = QuantizedDot.activationFormat(for: type)
            for length in [256, 512, 1536] {
                var x = random.floats(length, scale: 4)
                x[3] = 0.5; x[4] = -1.5; x[5] = 1e-30; x[6] = -300  // ties and extremes
                for i in 32..<64 { x[i] = 0 }                      // an all-zero block
                if length >= 512 {
                    // Blocks scaled by exactly 1 (largest magnitude 127): the
                    // products are the inputs, so exact halves are rounding ties.
                    let ties: [Float] = [2.5, -2.5, 3.5, -3.5, 0.5, -0.5, 0.49999997, -0.49999997, 126.5, -126.5, 1.5, -1.5]
                    for i in 256..<512 { x[i] = ties[i % ties.count] }
                    x[300] = -127; x[352] = 127; x[384] = -127; x[416] = 127; x[448] = -127; x[480] = 127
                    x[260] = .nan                                   // NaN is skipped by the max, quantized to 0
                }
                if length >= 1536 {
                    x[700] = .nan; x[1100] = .infinity              // non-finite blocks must not trap
                    x[1300] = -9; x[1310] = 9                       // equal magnitudes: the first is the extreme
                }
                let referenceBytes = format.byteCount(elements: length)!
                var reference = [UInt8](repeating: 0, count: referenceBytes)
                reference.withUnsafeMutableBytes { QuantizedDot.quantize(x, count: length, for: type, into: $0.baseAddress!) }
                let stride = Int(ck_activation_stride(type.rawValue, Int64(length)))
                XCTAssertGreaterThanOrEqual(stride, referenceBytes)
                var portable: [UInt8]?
                for isa in InstructionSet.supported {
                    var kernel = [UInt8](repeating: 0, count: stride)
                    kernel.withUnsafeMutableBytes { ck_quantize_isa(isa.cValue, type.rawValue, x, Int64(length), $0.baseAddress!) }
                    if let byte = (0..<referenceBytes).first(where: { kernel[$0] != reference[$0] }) {
                        XCTFail("\(format), \(length) elements on \(isa): byte \(byte) is \(kernel[byte]), reference \(reference[byte])")
                    }
                    if let portable, let byte = kernel.indices.first(where: { kernel[$0] != portable[$0] }) {
                        XCTFail("side data of \(format), \(length) elements on \(isa): byte \(byte) differs from the portable path")
                    }
                    portable = portable ?? kernel
                }
            }
        }
    }

    /// Real rows of the demo models and random blocks of every type, on
    /// every instruction set, several tokens at once.
    func testEveryInstructionSetGivesTheReferenceDotForEveryType() throws {
        var random = SeededFloats(seed: 8)
        let fixtures = try QuantFixture.all().filter { !$0.name.hasPrefix("special-") }
        XCTAssertEqual(Set(fixtures.map(\.type)), Set(TensorType.allCases), "a type has no fixture")
        for fixture in fixtures {
            // Real fixtures are three consecutive rows; others are reused as a
            // pool of blocks for 37 rows (two groups and a partial one).
            let matrix = fixture.name.hasPrefix("real-")
                ? (rows: 3, columns: fixture.elements / 3, blocks: fixture.blocks)
                : Self.cycledRows(fixture, rows: 37)
            // 85 tokens: AMX's tiles of 16 in pairs and alone, and 5 after them.
            let tokens = 85
            let x = random.floats(tokens * matrix.columns, scale: 2)
            for isa in InstructionSet.supported {
                let product = try Self.multiply(matrix.blocks, type: fixture.type, rows: matrix.rows, columns: matrix.columns,
                                                x: x, tokens: tokens, isa: isa)
                let reference = Self.referenceProduct(matrix.blocks, type: fixture.type, rows: matrix.rows,
                                                      columns: matrix.columns, x: x, tokens: tokens)
                // Float weights on a SIMD set are summed in lanes: the reference up
                // to summation-order rounding, n·2⁻²⁴ of Σ|w·x| for n columns.
                let tolerance = fixture.type.blockSize == 1 && isa != .portable
                    ? Self.magnitudes(matrix.blocks, type: fixture.type, rows: matrix.rows, columns: matrix.columns, x: x, tokens: tokens)
                        .map { $0 * Float(matrix.columns) * 0x1p-24 }
                    : nil
                for i in reference.indices {
                    let exact = reference[i].bitPattern == product[i].bitPattern
                    if exact || (tolerance.map { abs(product[i] - reference[i]) <= $0[i] } ?? false) { continue }
                    XCTFail("\(fixture.name) on \(isa): token \(i / matrix.rows) row \(i % matrix.rows): \(product[i]) ≠ reference \(reference[i])")
                    break
                }
            }
        }
    }

    /// A token's outputs do not depend on how many tokens share the call or
    /// on which slice of rows is asked for.
    func testResultsDoNotDependOnTheBatchOrTheRowRange() throws {
        var random = SeededFloats(seed: 34)
        for name in ["real-smollm2-q4_1", "random-q6_k", "random-q8_0", "random-q4_k", "random-q5_0", "random-f16", "random-bf16"] {
            guard let fixture = try QuantFixture.all().first(where: { $0.name == name }) else {
                return XCTFail("missing fixture \(name)")
            }
            let matrix = Self.cycledRows(fixture, rows: 45)
            let tokens = 67  // on AMX together (64 or more), one at a time on VNNI
            let x = random.floats(tokens * matrix.columns)
            for isa in InstructionSet.supported {
                let together = try Self.multiply(matrix.blocks, type: fixture.type, rows: matrix.rows, columns: matrix.columns,
                                                 x: x, tokens: tokens, isa: isa)
                matrix.blocks.withUnsafeBytes { w in
                    let weights = WeightMatrix(type: fixture.type, data: w.baseAddress!, rows: matrix.rows,
                                               columns: matrix.columns, instructionSet: isa)
                    var alone = [Float](repeating: 0, count: matrix.rows)
                    for t in 0..<tokens {
                        x.withUnsafeBufferPointer { xs in
                            alone.withUnsafeMutableBufferPointer { weights.multiply(xs.baseAddress! + t * matrix.columns, tokens: 1, into: $0.baseAddress!) }
                        }
                        XCTAssertEqual(alone, Array(together[(t * matrix.rows)..<((t + 1) * matrix.rows)]), "\(name) on \(isa), token \(t)")
                    }
                    // Rows 5..<37 with a wider output row: a slice starting inside a group.
                    let range = 5..<37, stride = 40
                    var slice = [Float](repeating: -1, count: tokens * stride)
                    x.withUnsafeBufferPointer { xs in
                        slice.withUnsafeMutableBufferPointer {
                            weights.multiply(xs.baseAddress!, tokens: tokens, rowRange: range, into: $0.baseAddress!, outputStride: stride)
                        }
                    }
                    for t in 0..<tokens {
                        XCTAssertEqual(Array(slice[(t * stride)..<(t * stride + range.count)]),
                                       Array(together[(t * matrix.rows + range.lowerBound)..<(t * matrix.rows + range.upperBound)]),
                                       "\(name) on \(isa), rows \(range), token \(t)")
                        XCTAssertEqual(slice[t * stride + range.count], -1, "wrote past the row range")
                    }
                }
            }
        }
    }

    /// The largest quants against activations of full scale (±127): the
    /// kernels pair the sub-block sums of Q2_K, Q3_K and Q4_K as int16 before
    /// applying the scales, so these are the sums closest to overflowing.
    /// Every byte 0xFF is the largest value of every field; the fp16 scales
    /// are set to 1 so the products stay finite.
    func testLargestQuantsAgainstFullScaleActivationsMatchTheReference() throws {
        let scaleOffsets: [TensorType: [Int]] = [.q2_K: [80, 82], .q3_K: [108], .q4_K: [0, 2], .q5_K: [0, 2], .q6_K: [208]]
        for (type, offsets) in scaleOffsets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            var block = [UInt8](repeating: 0xFF, count: type.bytesPerBlock)
            for offset in offsets { block[offset] = 0x00; block[offset + 1] = 0x3C }  // fp16 1.0
            let rows = 17, columns = 2 * type.blockSize
            let blocks = Array([[UInt8]](repeating: block, count: rows * 2).joined())
            // Tokens all +1, all −1, and alternating sign per 16 columns, in
            // turn; 66 of them, enough for the AMX path, whose tiles see every case.
            let tokens = 66
            let x = (0..<(tokens * columns)).map { i -> Float in
                let (t, c) = (i / columns, i % columns)
                return t % 3 == 0 ? 1 : t % 3 == 1 ? -1 : (c / 16) % 2 == 0 ? 1 : -1
            }
            let reference = Self.referenceProduct(blocks, type: type, rows: rows, columns: columns, x: x, tokens: tokens)
            for isa in InstructionSet.supported {
                let product = try Self.multiply(blocks, type: type, rows: rows, columns: columns, x: x, tokens: tokens, isa: isa)
                XCTAssertEqual(product.map(\.bitPattern), reference.map(\.bitPattern), "\(type) on \(isa): \(product.prefix(3)) vs \(reference.prefix(3))")
            }
        }
    }

    /// Float weights whose rows are not a whole number of SIMD vectors (13
    /// columns) and a row count that is not a whole number of tiles.
    func testFloatWeightsWithRaggedColumnsMatchTheReference() throws {
        var random = SeededFloats(seed: 17)
        let (rows, columns, tokens) = (6, 13, 3)
        let weights = random.floats(rows * columns, scale: 1)
        let x = random.floats(tokens * columns, scale: 1)
        let blocks = weights.withUnsafeBytes { Array($0) }
        let reference = Self.referenceProduct(blocks, type: .f32, rows: rows, columns: columns, x: x, tokens: tokens)
        let magnitudes = Self.magnitudes(blocks, type: .f32, rows: rows, columns: columns, x: x, tokens: tokens)
        for isa in InstructionSet.supported {
            let product = try Self.multiply(blocks, type: .f32, rows: rows, columns: columns, x: x, tokens: tokens, isa: isa)
            for i in reference.indices {
                XCTAssertEqual(product[i], reference[i], accuracy: magnitudes[i] * Float(columns) * 0x1p-24, "\(isa), output \(i)")
            }
        }
    }

    func testEveryQuantizedTypeHasAPackedLayoutAndFloatTypesDoNot() {
        for type in TensorType.allCases {
            let bytes = ck_packed_bytes(type.rawValue, 17, Int64(type.blockSize * 256))
            XCTAssertEqual(bytes > 0, type.blockSize > 1, "\(type)")
        }
        XCTAssertEqual(ck_packed_bytes(TensorType.q4_0.rawValue, 16, 33), 0, "columns not a whole number of blocks")
    }

    // MARK: - Helpers

    /// `rows` rows of 8 blocks (2 for the K-quants) taken round-robin from a
    /// fixture's blocks, so rows differ and the last group is partial.
    static func cycledRows(_ fixture: QuantFixture, rows: Int) -> (rows: Int, columns: Int, blocks: [UInt8]) {
        let type = fixture.type
        let perRow = type.blockSize == 1 ? 96 : type.blockSize == 32 ? 8 : 2
        let available = fixture.blocks.count / type.bytesPerBlock
        var blocks: [UInt8] = []
        for r in 0..<rows {
            for b in 0..<perRow {
                let index = (r * 5 + b * 3) % available
                blocks += fixture.blocks[(index * type.bytesPerBlock)..<((index + 1) * type.bytesPerBlock)]
            }
        }
        return (rows, perRow * type.blockSize, blocks)
    }

    static func multiply(_ blocks: [UInt8], type: TensorType, rows: Int, columns: Int, x: [Float], tokens: Int,
                         isa: InstructionSet) throws -> [Float] {
        var y = [Float](repeating: .nan, count: tokens * rows)
        blocks.withUnsafeBytes { w in
            let matrix = WeightMatrix(type: type, data: w.baseAddress!, rows: rows, columns: columns, instructionSet: isa)
            x.withUnsafeBufferPointer { xs in
                y.withUnsafeMutableBufferPointer { matrix.multiply(xs.baseAddress!, tokens: tokens, into: $0.baseAddress!) }
            }
        }
        return y
    }

    /// Σ|w·x| per (token, row), for float weights: the scale of their rounding error.
    static func magnitudes(_ blocks: [UInt8], type: TensorType, rows: Int, columns: Int, x: [Float], tokens: Int) -> [Float] {
        var row = [Float](repeating: 0, count: columns)
        var result = [Float](repeating: 0, count: tokens * rows)
        blocks.withUnsafeBytes { w in
            for r in 0..<rows {
                row.withUnsafeMutableBufferPointer {
                    Dequantize.row(type, from: w.baseAddress! + r * columns * type.bytesPerBlock, count: columns, into: $0.baseAddress!)
                }
                for t in 0..<tokens {
                    result[t * rows + r] = (0..<columns).reduce(0) { $0 + abs(row[$1] * x[t * columns + $1]) }
                }
            }
        }
        return result
    }

    static func referenceProduct(_ blocks: [UInt8], type: TensorType, rows: Int, columns: Int, x: [Float], tokens: Int) -> [Float] {
        let rowBytes = type.byteCount(elements: columns)!
        let activationBytes = QuantizedDot.activationFormat(for: type).byteCount(elements: columns)!
        var y = [Float](repeating: 0, count: tokens * rows)
        var activations = [UInt8](repeating: 0, count: activationBytes)
        blocks.withUnsafeBytes { w in
            for t in 0..<tokens {
                x.withUnsafeBufferPointer { xs in
                    activations.withUnsafeMutableBytes {
                        QuantizedDot.quantize(xs.baseAddress! + t * columns, count: columns, for: type, into: $0.baseAddress!)
                    }
                }
                activations.withUnsafeBytes { a in
                    for r in 0..<rows {
                        y[t * rows + r] = QuantizedDot.dot(type, row: w.baseAddress! + r * rowBytes, activations: a.baseAddress!, count: columns)
                    }
                }
            }
        }
        return y
    }
}
