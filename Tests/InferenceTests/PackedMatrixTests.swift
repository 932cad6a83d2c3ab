import CKernels
import XCTest
@testable import Inference

/// The packed copy of a weight matrix holds everything the stored blocks do.
final class PackedMatrixTests: XCTestCase {
    /// Embedding lookups dequantize rows from the packed copy (so the mapped
    /// original can be released): every row of every type, bit for bit the
    /// reference dequantization of the row as stored — in the layout of
    /// every instruction set that packs (their high bits differ).
    func testRowsDequantizedFromThePackedCopyAreTheStoredRows() throws {
        let sets = InstructionSet.supported.filter(\.usesPackedWeights)
        XCTAssertFalse(sets.isEmpty, "no packing instruction set on this machine")
        for isa in sets { try checkRowsFromThePackedCopy(on: isa) }
    }

    private func checkRowsFromThePackedCopy(on isa: InstructionSet) throws {
        let fixtures = try QuantFixture.all().filter { !$0.name.hasPrefix("special-") && $0.type.blockSize > 1 }
        XCTAssertFalse(fixtures.isEmpty)
        for fixture in fixtures {
            // 37 rows: two whole groups of 16 and a partial one.
            let matrix = KernelDotTests.cycledRows(fixture, rows: 37)
            let type = fixture.type
            let rowBytes = type.byteCount(elements: matrix.columns)!
            try matrix.blocks.withUnsafeBytes { w in
                let packed = try XCTUnwrap(PackedMatrix(type: type, data: w.baseAddress!, rows: matrix.rows, columns: matrix.columns,
                                                        instructionSet: isa), "\(type) has no packed form")
                var fromPacked = [Float](repeating: .nan, count: matrix.columns)
                var stored = [Float](repeating: .nan, count: matrix.columns)
                for row in 0..<matrix.rows {
                    ck_packed_row(isa.cValue, type.rawValue, packed.bytes, Int64(matrix.columns), Int64(row), &fromPacked)
                    stored.withUnsafeMutableBufferPointer {
                        Dequantize.row(type, from: w.baseAddress! + row * rowBytes, count: matrix.columns, into: $0.baseAddress!)
                    }
                    if let e = stored.indices.first(where: { stored[$0].bitPattern != fromPacked[$0].bitPattern }) {
                        XCTFail("\(fixture.name) on \(isa), row \(row) element \(e): \(fromPacked[e]) from the packed copy, \(stored[e]) stored")
                        break
                    }
                }
            }
        }
    }
}
