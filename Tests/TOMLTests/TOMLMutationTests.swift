import ApiaryTestSupport
import Foundation
import XCTest
@testable import TOML

/// Deterministic mutation testing over every toml-test 1.0.0 file: bit flips, byte
/// substitutions, truncations, insertions, deletions, duplications, and lines spliced in from
/// other files (which exercises the table-definition rules). Every mutant must either
/// parse or throw a `TOMLError` that points into the input — a trap would crash the test run.
///
/// `APIARY_TOML_MUTANTS` sets mutants per file (default 10, about 7,000 in all); set it high to
/// fuzz for longer, and `APIARY_TOML_SEED` to explore other mutants.
final class TOMLMutationTests: XCTestCase {
    func testMutantsOfEverySuiteFileParseOrFailWithAPositionedError() throws {
        let suite = try TOMLTestSuite()
        let environment = ProcessInfo.processInfo.environment
        let mutantsPerFile = environment["APIARY_TOML_MUTANTS"].flatMap { Int($0) } ?? 10
        let seed = environment["APIARY_TOML_SEED"].flatMap { UInt64($0) } ?? 0x5EED_70A1
        var generator = SplitMix64(seed: seed)
        var parsed = 0
        var rejected = 0
        var problems: [String] = []

        let originals = try suite.cases.map { [UInt8](try Data(contentsOf: $0.toml)) }
        let donorLines = originals.flatMap { $0.split(separator: ASCII.lineFeed).map(Array.init) }
        for (testCase, original) in zip(suite.cases, originals) {
            for index in 0..<mutantsPerFile {
                let mutant = Mutator.mutate(original, donorLines: donorLines, using: &generator)
                let label = "\(testCase.name) mutant \(index) (seed \(seed))"
                if let problem = check(mutant) {
                    problems.append("\(label): \(problem)")
                } else if (try? TOMLDocument(parsing: mutant)) != nil {
                    parsed += 1
                } else {
                    rejected += 1
                }
            }
        }
        print("TOML mutation test: \(parsed + rejected) mutants, \(parsed) parsed, \(rejected) rejected")
        XCTAssertGreaterThan(parsed + rejected, 1000)
        XCTAssert(problems.isEmpty, "\(problems.count) mutants misbehaved:\n" + problems.prefix(20).joined(separator: "\n"))
    }

    /// A problem with how the parser handled `bytes`, or nil if it behaved.
    private func check(_ bytes: [UInt8]) -> String? {
        // The reference for UTF-8 validity is the standard library.
        let text = String(validating: bytes, as: UTF8.self)
        do {
            let document = try TOMLDocument(parsing: bytes, file: "mutant.toml")
            guard let text else { return "accepted invalid UTF-8" }
            // The String entry point must agree with the bytes entry point.
            guard let fromString = try? TOMLDocument(parsing: text, file: "mutant.toml"),
                  fromString.taggedJSON() == document.taggedJSON()
            else { return "String and byte parsing disagree" }
            let json = Data(document.taggedJSON().utf8)
            if (try? JSONSerialization.jsonObject(with: json)) == nil {
                return "tagged JSON does not parse: \(String(decoding: json, as: UTF8.self))"
            }
            return nil
        } catch {
            let position = error.position
            if position.line < 1 || position.column < 1 || position.offset < 0 || position.offset > bytes.count {
                return "error position outside the input: \(error)"
            }
            if text == nil, case .invalidEncoding = error {
                return nil
            }
            if text == nil {
                return "invalid UTF-8 reported as something else: \(error)"
            }
            return nil
        }
    }
}

/// Produces mutants of a document.
enum Mutator {
    /// Bytes that steer the parser into its interesting paths.
    static let interestingBytes: [UInt8] = Array("\"'[]{}=.,#\\\n\r\t _-+:0e1xTZ".utf8) + [0x00, 0x7F, 0xC3, 0xA9, 0xE2, 0xFF, 0xED]

    static func mutate(_ original: [UInt8], donorLines: [[UInt8]], using generator: inout SplitMix64) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            mutateOnce(&bytes, donorLines: donorLines, using: &generator)
        }
        return bytes
    }

    private static func mutateOnce(_ bytes: inout [UInt8], donorLines: [[UInt8]], using generator: inout SplitMix64) {
        let operation = Int.random(in: 0..<7, using: &generator)
        guard !bytes.isEmpty else {
            bytes.append(interestingBytes.randomElement(using: &generator) ?? 0)
            return
        }
        let at = Int.random(in: 0..<bytes.count, using: &generator)
        switch operation {
        case 0:  // flip one bit
            bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
        case 1:  // substitute an interesting byte
            bytes[at] = interestingBytes.randomElement(using: &generator) ?? 0
        case 2:  // truncate
            bytes.removeSubrange(at...)
        case 3:  // insert a few interesting bytes
            let count = Int.random(in: 1...4, using: &generator)
            bytes.insert(contentsOf: (0..<count).map { _ in interestingBytes.randomElement(using: &generator) ?? 0 }, at: at)
        case 4:  // delete a short run
            bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &generator)))
        case 5:  // duplicate a slice somewhere else
            let end = min(bytes.count, at + Int.random(in: 1...64, using: &generator))
            let slice = Array(bytes[at..<end])
            bytes.insert(contentsOf: slice, at: Int.random(in: 0...bytes.count, using: &generator))
        default:  // splice in a line of another file
            let line = donorLines.randomElement(using: &generator) ?? []
            bytes.insert(contentsOf: line + [ASCII.lineFeed], at: Int.random(in: 0...bytes.count, using: &generator))
        }
    }
}
