import CKernels

/// A weight matrix repacked at load into groups of 16 interleaved rows
/// (layout in CKernels/formats.h), the form the SIMD kernels read: a
/// 64-byte load gives four quants of sixteen rows.
///
/// The copy is the size of the mapped tensor, within a few percent: quants
/// as bytes (Q8_0), nibbles or 2-bit crumbs, plus a bit plane per further
/// bit (Q5_x, Q6_K, Q3_K). Only Q2_K grows, to 1.2×: its 4-bit scales and
/// mins are stored as bytes.
/// It holds everything the stored blocks do — embedding rows are
/// dequantized from it too — so the mapped pages it was made from can be
/// released for good (`ModelWeights`).
final class PackedMatrix: @unchecked Sendable {
    // Written once in init (groups packed on disjoint ranges), read-only after.
    let bytes: UnsafeMutableRawPointer
    let byteCount: Int

    /// The instruction set whose kernel reads this copy (the high bits' layout is its own).
    let instructionSet: InstructionSet

    /// Packs `rows` × `columns` weights of `type` at `data` for
    /// `instructionSet`, or nil when the type has no packed form (the float types).
    init?(type: TensorType, data: UnsafeRawPointer, rows: Int, columns: Int, instructionSet: InstructionSet) {
        let count = Int(ck_packed_bytes(type.rawValue, Int64(rows), Int64(columns)))
        guard count > 0 else { return nil }
        guard let memory = ck_weights_alloc(Int64(count)) else { return nil }
        byteCount = count
        bytes = memory
        self.instructionSet = instructionSet
        let isa = instructionSet.cValue
        let groups = (rows + Int(CK_PACK_ROWS) - 1) / Int(CK_PACK_ROWS)
        let chunks = Parallel.chunkCount(for: groups, minimum: 64)
        let perChunk = (groups + chunks - 1) / chunks
        let destination = SharedPointer(bytes.assumingMemoryBound(to: UInt8.self))
        let source = SharedRawPointer(data)
        Parallel.forEach(chunks) { chunk in
            let begin = chunk * perChunk, end = min(begin + perChunk, groups)
            guard begin < end else { return }
            ck_pack(isa, type.rawValue, source.base, Int64(rows), Int64(columns), Int64(begin), Int64(end), destination.base)
        }
    }

    deinit { ck_weights_free(bytes, Int64(byteCount)) }
}

/// A read-only pointer that may cross into worker threads (see `SharedPointer`).
struct SharedRawPointer: @unchecked Sendable {
    let base: UnsafeRawPointer
    init(_ base: UnsafeRawPointer) { self.base = base }
}
