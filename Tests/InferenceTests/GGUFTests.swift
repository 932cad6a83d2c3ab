import Foundation
import XCTest
@testable import Inference

final class GGUFTests: XCTestCase {
    func testLoadsSmolLM2HeaderMetadataAndTensors() throws {
        let file = try GGUFFile(contentsOf: try TestPaths.model(TestPaths.smolLM2))
        XCTAssertEqual(file.version, 3)
        XCTAssertEqual(file.metadata.string("general.architecture"), "llama")
        XCTAssertEqual(file.metadata.int("llama.block_count"), 30)
        XCTAssertEqual(file.metadata.stringArray("tokenizer.ggml.tokens")?.count, 49152)
        XCTAssertEqual(file.tensors.count, 272)
        let embedding = try XCTUnwrap(file.tensor(named: "token_embd.weight"))
        XCTAssertEqual(embedding.dimensions, [576, 49152])
        XCTAssertEqual(file.data(of: embedding).count, embedding.byteCount)
    }

    func testLoadsGemma3WithItsTensorTypes() throws {
        let file = try GGUFFile(contentsOf: try TestPaths.model(TestPaths.gemma3))
        XCTAssertEqual(file.metadata.string("general.architecture"), "gemma3")
        let types = Set(file.tensors.map(\.type))
        XCTAssertEqual(types, [.f32, .q5_0, .q4_K, .q8_0, .q6_K])
    }

    func testLoadsEveryVocabOnlyFile() throws {
        let dir = try TestPaths.testData().appendingPathComponent("vocab")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".gguf") }
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let file = try GGUFFile(contentsOf: dir.appendingPathComponent(name).path)
            XCTAssertNotNil(file.metadata.stringArray("tokenizer.ggml.tokens"), name)
        }
    }

    func testRejectsBadMagicAndVersionWithTheirOffsets() {
        var bytes = Array("GGUF".utf8) + le(UInt32(3)) + le(UInt64(0)) + le(UInt64(0))
        XCTAssertNoThrow(try GGUFFile(storage: MappedFile(copying: bytes)))
        bytes[0] = UInt8(ascii: "X")
        assertRejects(bytes, field: "header.magic", offset: 0)
        bytes[0] = UInt8(ascii: "G")
        bytes[4] = 1
        assertRejects(bytes, field: "header.version", offset: 4)
    }

    func testRejectsCountsThatCannotFitTheFile() {
        let hugeTensors = Array("GGUF".utf8) + le(UInt32(3)) + le(UInt64.max) + le(UInt64(0))
        assertRejects(hugeTensors, field: "header.tensor_count", offset: 8)
        // A string whose length runs past the end of the file.
        let longKey = header(kv: 1) + le(UInt64(1 << 40)) + Array("abc".utf8) + [UInt8](repeating: 0, count: 16)
        assertRejects(longKey, field: "metadata[0].key", offset: 24)
        // An array whose count promises more elements than bytes remain.
        let bigArray = header(kv: 1) + string("k") + le(UInt32(9)) + le(UInt32(4)) + le(UInt64(1 << 50))
        assertRejects(bigArray, field: "metadata[0] (k).count", offset: 24 + 9 + 8)
    }

    func testRejectsUnknownTypesDuplicateKeysAndInvalidUTF8() {
        assertRejects(header(kv: 1) + string("k") + le(UInt32(99)), field: "metadata[0] (k).type", offset: 33)
        let twice = header(kv: 2) + string("k") + le(UInt32(0)) + [1] + string("k") + le(UInt32(0)) + [2]
        assertRejects(twice, field: "metadata[1].key", offset: 38)
        let badUTF8 = header(kv: 1) + le(UInt64(2)) + [0xC3, 0x28] + le(UInt32(0)) + [0]
        assertRejects(badUTF8, field: "metadata[0].key", offset: 24)
    }

    func testRejectsTensorsOutsideOrOverlappingTheDataSection() {
        func tensorFile(_ tensors: [(String, UInt64)], dataBytes: Int) -> [UInt8] {
            var bytes = header(tensors: tensors.count, kv: 0)
            for (name, offset) in tensors {
                bytes += string(name) + le(UInt32(1)) + le(UInt64(8)) + le(UInt32(0)) + le(offset)
            }
            while bytes.count % 32 != 0 { bytes.append(0) }
            return bytes + [UInt8](repeating: 0, count: dataBytes)
        }
        XCTAssertNoThrow(try GGUFFile(storage: MappedFile(copying: tensorFile([("a", 0), ("b", 32)], dataBytes: 64))))
        XCTAssertThrowsError(try GGUFFile(storage: MappedFile(copying: tensorFile([("a", 0), ("b", 32)], dataBytes: 40))))
        XCTAssertThrowsError(try GGUFFile(storage: MappedFile(copying: tensorFile([("a", 0), ("b", 0)], dataBytes: 64))))
        XCTAssertThrowsError(try GGUFFile(storage: MappedFile(copying: tensorFile([("a", 0), ("a", 32)], dataBytes: 64))))
        XCTAssertThrowsError(try GGUFFile(storage: MappedFile(copying: tensorFile([("a", 16)], dataBytes: 64))))
    }

    func testRejectsDimensionsWhoseProductOverflows() {
        var bytes = header(tensors: 1, kv: 0) + string("t") + le(UInt32(2))
        bytes += le(UInt64(1) << 40) + le(UInt64(1) << 40) + le(UInt32(0)) + le(UInt64(0))
        XCTAssertThrowsError(try GGUFFile(storage: MappedFile(copying: bytes))) { error in
            XCTAssertTrue("\(error)".contains("overflows"), "\(error)")
        }
    }

    /// Every prefix of a real model's header region, and random corruptions of
    /// it, must produce a clean GGUFError — never a crash or a hang.
    func testTruncatedAndCorruptedRealFilesAreCleanErrors() throws {
        for name in [TestPaths.smolLM2, TestPaths.gemma3] {
            let file = try GGUFFile(contentsOf: try TestPaths.model(name))
            let full = file.storage.bytes
            // The header region (metadata + tensor infos) is where parsing happens;
            // truncating inside the data section must fail the tensor range checks.
            let headerEnd = file.dataOffset
            var offsets = Set(stride(from: 0, to: headerEnd, by: max(1, headerEnd / 120)))
            offsets.formUnion([0, 3, 4, 7, 8, 15, 16, 23, 24, headerEnd - 1, headerEnd, full.count / 2, full.count - 1])
            for cut in offsets.sorted() where cut < full.count {
                let prefix = MappedFile(copying: UnsafeRawBufferPointer(rebasing: full[0..<cut]))
                XCTAssertThrowsError(try GGUFFile(storage: prefix), "\(name) cut at \(cut)")
            }
            var generator = SeededGenerator(seed: 42)
            let header = Array(UnsafeRawBufferPointer(rebasing: full[0..<headerEnd]))
            for _ in 0..<120 {
                var corrupt = header
                for _ in 0..<1 + Int(generator.next() % 4) {
                    corrupt[Int(generator.next() % UInt64(corrupt.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
                // Either a GGUFError (typed throws) or, when a value byte was hit, a valid
                // parse; what is tested is that nothing traps or reads out of bounds.
                _ = try? GGUFFile(storage: MappedFile(copying: corrupt))
            }
        }
    }

    func testErrorMessageNamesFileFieldAndOffset() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-bad-\(getpid()).gguf").path
        try Data(Array("GGUF".utf8) + le(UInt32(7))).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try GGUFFile(contentsOf: path)) { error in
            XCTAssertEqual("\(error)", "\(path): offset 4: header.version: unsupported GGUF version 7 (expected 2 or 3)")
        }
    }

    // MARK: - Building files byte by byte

    private func assertRejects(_ bytes: [UInt8], field: String, offset: Int, line: UInt = #line) {
        XCTAssertThrowsError(try GGUFFile(storage: MappedFile(copying: bytes)), line: line) { error in
            guard let error = error as? GGUFError else { return XCTFail("not a GGUFError: \(error)", line: line) }
            XCTAssertEqual(error.field, field, "\(error)", line: line)
            XCTAssertEqual(error.offset, offset, "\(error)", line: line)
        }
    }

    private func header(tensors: Int = 0, kv: Int) -> [UInt8] {
        Array("GGUF".utf8) + le(UInt32(3)) + le(UInt64(tensors)) + le(UInt64(kv))
    }

    private func string(_ s: String) -> [UInt8] { le(UInt64(s.utf8.count)) + Array(s.utf8) }

    private func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
