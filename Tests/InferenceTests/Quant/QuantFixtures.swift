import Foundation
import XCTest
@testable import Inference

/// One case of Tests/InferenceTests/Fixtures/quant (made by
/// scripts/make-quant-fixtures.py from the `gguf` Python package): stored
/// blocks and the float32 values `gguf.quants.dequantize` gives for them.
struct QuantFixture {
    let name: String
    let type: TensorType
    let elements: Int
    let origin: String
    let blocks: [UInt8]
    let expected: [Float]

    /// Tests/InferenceTests/Fixtures/quant, found from this source file.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Quant/
        .deletingLastPathComponent()  // InferenceTests/
        .appendingPathComponent("Fixtures/quant")

    /// Every dequantization case listed in manifest.tsv (the activation case
    /// has its own loader).
    static func all() throws -> [QuantFixture] {
        let manifest = directory.appendingPathComponent("manifest.tsv")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else {
            throw FixtureError("missing \(manifest.path); run scripts/make-quant-fixtures.py")
        }
        var cases: [QuantFixture] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("activations-") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let type = TensorType(ggmlName: fields[1]), let elements = Int(fields[2]) else {
                throw FixtureError("bad manifest line: \(line)")
            }
            let blocks = try bytes(fields[0] + ".blocks")
            let expected = floats(try bytes(fields[0] + ".expected"))
            guard type.byteCount(elements: elements) == blocks.count, expected.count == elements else {
                throw FixtureError("\(fields[0]): sizes do not match \(elements) \(type) elements")
            }
            cases.append(QuantFixture(name: fields[0], type: type, elements: elements, origin: fields[3],
                                      blocks: blocks, expected: expected))
        }
        return cases
    }

    static func bytes(_ file: String) throws -> [UInt8] {
        let url = directory.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FixtureError("missing fixture \(url.path); run scripts/make-quant-fixtures.py")
        }
        return [UInt8](data)
    }

    static func floats(_ bytes: [UInt8]) -> [Float] {
        stride(from: 0, to: bytes.count - 3, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension TensorType {
    init?(ggmlName: String) {
        guard let match = TensorType.allCases.first(where: { $0.description == ggmlName }) else { return nil }
        self = match
    }
}

/// Deterministic activations for dot-product tests (SplitMix64).
struct SeededFloats {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-scale, scale).
    mutating func float(scale: Float = 1) -> Float {
        (Float(next() >> 40) / Float(1 << 24) * 2 - 1) * scale
    }

    mutating func floats(_ count: Int, scale: Float = 1) -> [Float] {
        (0..<count).map { _ in float(scale: scale) }
    }
}
