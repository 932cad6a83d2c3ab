import Foundation
import XCTest
@testable import Inference

final class SafeTensorsTests: XCTestCase {
    // MARK: The real file

    func testLoadsAllMiniLMWithEveryTensorInsideTheFile() throws {
        let path = try TestPaths.model("all-MiniLM-L6-v2/model.safetensors")
        let file = try SafeTensorsFile(contentsOf: path)
        XCTAssertEqual(file.metadata["format"], "pt")
        let words = try XCTUnwrap(file.tensor(named: "embeddings.word_embeddings.weight"))
        XCTAssertEqual(words.dtype, .f32)
        XCTAssertEqual(words.shape, [30522, 384])
        XCTAssertEqual(file.tensor(named: "embeddings.position_ids")?.dtype, .i64)
        // The tensors tile the data section exactly, in order.
        var end = 0
        for tensor in file.tensors {
            XCTAssertEqual(tensor.dataRange.lowerBound, end, tensor.name)
            end = tensor.dataRange.upperBound
        }
        XCTAssertEqual(file.dataOffset + end, file.storage.bytes.count)
    }

    func testReadsAlignedF32InPlaceWithTheStoredValues() throws {
        let file = try SafeTensorsFile(contentsOf: try TestPaths.model("all-MiniLM-L6-v2/model.safetensors"))
        let info = try XCTUnwrap(file.tensor(named: "embeddings.LayerNorm.weight"))
        let tensor = try file.floats(named: info.name, shape: [384])
        let raw = file.data(of: info)
        XCTAssertEqual(UnsafeRawPointer(tensor.base), raw.baseAddress, "F32 should not be copied")
        for i in [0, 1, 191, 383] {
            let bits = UInt32(raw[4 * i]) | UInt32(raw[4 * i + 1]) << 8 | UInt32(raw[4 * i + 2]) << 16 | UInt32(raw[4 * i + 3]) << 24
            XCTAssertEqual(tensor.values[i], Float(bitPattern: bits))
        }
    }

    // MARK: Small valid files

    func testDecodesF32F16AndBF16() throws {
        let f32 = [Float(1), -2.5, 3e-5].flatMap { le($0.bitPattern) }
        let f16: [UInt8] = [0x00, 0x3C, 0x00, 0xC1]  // 1.0, -2.5
        let bf16: [UInt8] = [0x80, 0x3F, 0x20, 0xC0]  // 1.0, -2.5
        let file = try SafeTensorsFile(storage: MappedFile(copying: build(#"""
            {"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},
             "b":{"dtype":"F16","shape":[2],"data_offsets":[12,16]},
             "c":{"dtype":"BF16","shape":[1,2],"data_offsets":[16,20]},
             "__metadata__":{"format":"pt"}}
            """#, data: f32 + f16 + bf16)))
        XCTAssertEqual(try file.floats(named: "a").values, [1, -2.5, 3e-5])
        XCTAssertEqual(try file.floats(named: "b").values, [1, -2.5])
        XCTAssertEqual(try file.floats(named: "c", shape: [1, 2]).values, [1, -2.5])
        XCTAssertEqual(file.tensors.map(\.name), ["a", "b", "c"])
    }

    func testCopiesMisalignedF32() throws {
        // A header length of 57 puts the data at offset 65, not a multiple of 4.
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#.padding(toLength: 57, withPad: " ", startingAt: 0)
        let file = try SafeTensorsFile(storage: MappedFile(copying: build(header, data: le(Float(0.5).bitPattern) + le(Float(-7).bitPattern))))
        XCTAssertEqual(file.dataOffset, 65)
        XCTAssertEqual(try file.floats(named: "a").values, [0.5, -7])
    }

    func testEmptyTensorsAndAnEmptyHeaderObjectAreValid() throws {
        let file = try SafeTensorsFile(storage: MappedFile(copying: build(#"{"e":{"dtype":"F32","shape":[0,5],"data_offsets":[0,0]}}"#, data: [])))
        XCTAssertEqual(try file.floats(named: "e").count, 0)
        XCTAssertEqual(try SafeTensorsFile(storage: MappedFile(copying: build("{}", data: []))).tensors.count, 0)
    }

    // MARK: Hostile files

    func testRejectsTruncatedFilesAndImpossibleHeaderLengths() {
        assertRejects([1, 0, 0], .truncated(size: 3), field: "header length")
        assertRejects(le(UInt64(100)) + Array("{}".utf8), .headerLengthOutOfRange(length: 100, available: 2), field: "header length")
        assertRejects(le(UInt64.max) + Array("{}".utf8), .headerLengthOutOfRange(length: UInt64.max, available: 2), field: "header length")
    }

    func testRejectsHeadersThatAreNotUTF8JSONObjects() {
        assertRejects(le(UInt64(4)) + [0x7B, 0xC3, 0x28, 0x7D], .headerNotUTF8, field: "header")
        assertRejectsKind(build("{\"a\": ", data: []), field: "header") {
            if case .headerNotJSON = $0 { return true } else { return false }
        }
        assertRejects(build("[1, 2]", data: []), .headerNotJSON(reason: "the top level is not an object"), field: "header")
    }

    func testRejectsUnknownDTypesNamingTheTensor() {
        assertRejects(
            build(#"{"w":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
            .unknownDType("F33"), field: "tensor 'w'.dtype")
        assertRejects(
            build(#"{"w":{"dtype":7,"shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
            .invalidField(expected: "a string"), field: "tensor 'w'.dtype")
    }

    func testRejectsOffsetsOutsideTheDataOrNotMatchingTheShape() {
        let data = [UInt8](repeating: 0, count: 8)
        assertRejects(
            build(#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: data),
            .offsetsOutOfRange(begin: 0, end: 16, dataSize: 8), field: "tensor 'w'.data_offsets")
        assertRejects(
            build(#"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#, data: data),
            .offsetsOutOfRange(begin: 8, end: 4, dataSize: 8), field: "tensor 'w'.data_offsets")
        assertRejects(
            build(#"{"w":{"dtype":"F32","shape":[18446744073709551615],"data_offsets":[0,18446744073709551615]}}"#, data: data),
            .shapeOverflows(shape: [UInt64.max]), field: "tensor 'w'.shape")
        assertRejects(
            build(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}"#, data: data),
            .sizeMismatch(expectedBytes: 4, rangeBytes: 8), field: "tensor 'w'.data_offsets")
    }

    func testRejectsShapesWhoseByteCountOverflows() {
        // 2^32 · 2^32 elements: each dimension fits, the product does not.
        assertRejects(
            build(#"{"w":{"dtype":"F16","shape":[4294967296,4294967296],"data_offsets":[0,0]}}"#, data: []),
            .shapeOverflows(shape: [1 << 32, 1 << 32]), field: "tensor 'w'.shape")
    }

    func testRejectsOverlappingTensors() {
        let data = [UInt8](repeating: 0, count: 16)
        assertRejects(
            build(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: data),
            .overlaps(other: "a"), field: "tensor 'b'.data_offsets")
        // An empty tensor in between does not hide the overlap.
        assertRejects(
            build(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},"c":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, data: data),
            .overlaps(other: "a"), field: "tensor 'c'.data_offsets")
    }

    func testRejectsNumbersThatAreNotNonNegativeIntegers() {
        let expectedShape = SafeTensorsError.Kind.invalidField(expected: "an array of non-negative integers")
        for shape in ["[-1]", "[1.5]", "[true]", "[1e0]", "\"4\"", "[99999999999999999999999]"] {
            assertRejects(
                build(#"{"w":{"dtype":"U8","shape":\#(shape),"data_offsets":[0,1]}}"#, data: [0]),
                expectedShape, field: "tensor 'w'.shape")
        }
        assertRejects(
            build(#"{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1,2]}}"#, data: [0]),
            .invalidField(expected: "an array of two non-negative integers [begin, end]"), field: "tensor 'w'.data_offsets")
        assertRejects(
            build(#"{"w":{"dtype":"U8","shape":[1]}}"#, data: [0]),
            .invalidField(expected: "an array of two non-negative integers [begin, end]"), field: "tensor 'w'.data_offsets")
        assertRejects(
            build(#"{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"extra":1}}"#, data: [0]),
            .invalidField(expected: "only dtype, shape and data_offsets (found 'extra')"), field: "tensor 'w'")
    }

    func testRejectsMetadataThatIsNotAStringMap() {
        assertRejects(build(#"{"__metadata__":{"format":1}}"#, data: []), .invalidField(expected: "a string value"), field: "__metadata__.format")
        assertRejects(build(#"{"__metadata__":["pt"]}"#, data: []), .invalidField(expected: "an object of string values"), field: "__metadata__")
    }

    func testRejectsKeysThatAppearTwice() {
        let data = [UInt8](repeating: 0, count: 8)
        let twice = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        assertRejects(build(twice, data: data), .duplicateKey("a", offset: 54), field: "header")
        // Escapes are decoded before comparing; nested objects are checked too.
        let escaped = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        assertRejects(build(escaped, data: data), .duplicateKey("a", offset: 54), field: "header")
        let inner = #"{"a":{"dtype":"F32","dtype":"F16","shape":[1],"data_offsets":[0,4]}}"#
        assertRejects(build(inner, data: data), .duplicateKey("dtype", offset: 20), field: "header")
        // The same key in different objects, or as a string value, is fine.
        let distinct = #"{"dtype":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"__metadata__":{"dtype":"dtype"}}"#
        XCTAssertNoThrow(try SafeTensorsFile(storage: MappedFile(copying: build(distinct, data: [7]))))
    }

    func testEveryTruncationOfTheRealHeaderIsRejectedCleanly() throws {
        let real = try SafeTensorsFile(contentsOf: try TestPaths.model("all-MiniLM-L6-v2/model.safetensors"))
        let prefix = Array(real.storage.bytes[0..<real.dataOffset])
        for cut in stride(from: 0, to: prefix.count, by: 7) {
            XCTAssertThrowsError(try SafeTensorsFile(storage: MappedFile(copying: prefix[0..<cut])), "cut at \(cut)") {
                XCTAssertTrue($0 is SafeTensorsError)
            }
        }
        // The header alone, with its length intact: every tensor is past the (empty) data section.
        XCTAssertThrowsError(try SafeTensorsFile(storage: MappedFile(copying: prefix))) { error in
            guard case .offsetsOutOfRange = (error as? SafeTensorsError)?.kind else { return XCTFail("\(error)") }
        }
    }

    func testRandomMutationsNeverTrapAndAcceptedFilesStayInBounds() throws {
        let valid = build(#"""
            {"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]},
             "__metadata__":{"format":"pt"}}
            """#, data: [UInt8](repeating: 0x3F, count: 22))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15  // fixed seed: failures reproduce
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = valid
            for _ in 0...(next() % 3) where !bytes.isEmpty {
                let position = next() % bytes.count
                switch next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: next())
                case 1: bytes[position] = Array("0123456789,[]{}\"-.e".utf8)[next() % 19]
                default: bytes.removeSubrange(position...)
                }
            }
            do {
                let file = try SafeTensorsFile(storage: MappedFile(copying: bytes))
                accepted += 1
                for tensor in file.tensors {
                    XCTAssertLessThanOrEqual(file.dataOffset + tensor.dataRange.upperBound, bytes.count)
                    if tensor.dtype.isReadableAsFloat { XCTAssertEqual(try file.floats(named: tensor.name).count, tensor.elementCount) }
                }
            } catch {
                // Typed throws: a rejection is a SafeTensorsError by construction; it must also say something.
                XCTAssertFalse(error.description.isEmpty)
            }
        }
        XCTAssertGreaterThan(accepted, 0, "some mutations (in data bytes) must still load")
    }

    func testFloatReadsCheckNameShapeAndDType() throws {
        let file = try SafeTensorsFile(storage: MappedFile(copying: build(
            #"{"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#,
            data: [UInt8](repeating: 0, count: 16))))
        XCTAssertThrowsError(try file.floats(named: "ids")) { XCTAssertEqual(($0 as? SafeTensorsError)?.kind, .notFloatingPoint(.i64)) }
        XCTAssertThrowsError(try file.floats(named: "nope")) { XCTAssertEqual(($0 as? SafeTensorsError)?.kind, .missingTensor) }
        XCTAssertThrowsError(try file.floats(named: "w", shape: [1, 2])) {
            XCTAssertEqual(($0 as? SafeTensorsError)?.kind, .wrongShape(expected: [1, 2], found: [2]))
        }
    }

    func testMessagesNameTheFileTheTensorAndWhatWasExpected() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-hostile-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(build(#"{"blk.0.w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: [0, 0, 0, 0])).write(to: url)
        XCTAssertThrowsError(try SafeTensorsFile(contentsOf: url.path)) { error in
            XCTAssertEqual(
                "\(error)",
                "\(url.path): tensor 'blk.0.w'.data_offsets: range 0..16 is reversed or ends past the end of the data section (4 bytes)")
        }
        XCTAssertThrowsError(try SafeTensorsFile(contentsOf: url.path + ".missing")) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(url.path).missing: cannot open: "), "\(error)")
        }
    }

    // MARK: Helpers

    /// A safetensors file: length prefix, header text, data bytes.
    private func build(_ header: String, data: [UInt8]) -> [UInt8] {
        let bytes = Array(header.utf8)
        return le(UInt64(bytes.count)) + bytes + data
    }

    private func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    private func assertRejects(
        _ bytes: [UInt8], _ kind: SafeTensorsError.Kind, field: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        assertRejectsKind(bytes, field: field, file: file, line: line) { $0 == kind }
    }

    private func assertRejectsKind(
        _ bytes: [UInt8], field: String, file: StaticString = #filePath, line: UInt = #line,
        _ matches: (SafeTensorsError.Kind) -> Bool
    ) {
        XCTAssertThrowsError(try SafeTensorsFile(storage: MappedFile(copying: bytes)), file: file, line: line) { error in
            guard let error = error as? SafeTensorsError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertTrue(matches(error.kind), "\(error)", file: file, line: line)
            XCTAssertEqual(error.field, field, file: file, line: line)
            XCTAssertTrue(error.description.contains(field), file: file, line: line)
        }
    }
}
