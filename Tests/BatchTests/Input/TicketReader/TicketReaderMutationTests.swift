import ApiaryTestSupport
import XCTest
@testable import Batch

/// Damaged exports never trap or hang the reader: every mutation of every sample export ends in
/// tickets, rejections and at most one structural error.
final class TicketReaderMutationTests: XCTestCase {
    private let fixtures = ["jira-issues.csv", "freshdesk-tickets.csv", "zendesk-tickets.json", "zendesk-export.jsonl",
                            "github-issues.json", "invalid-utf8.csv", "truncated.json"]

    /// Interesting bytes to insert: structure of every container, bad UTF-8, a NUL.
    private let inserted: [UInt8] = Array("\"',;|\t\r\n{}[]:\\<>&#".utf8) + [0x00, 0xFF, 0xC3, 0xE2]

    private func mutate(_ bytes: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !bytes.isEmpty: bytes.remove(at: position)
            case 1: bytes.insert(inserted.randomElement(using: &generator) ?? 0, at: position)
            case 2 where !bytes.isEmpty: bytes[position] = inserted.randomElement(using: &generator) ?? 0
            default: bytes = Array(bytes.prefix(position))     // truncation
            }
        }
        return bytes
    }

    func testMutatedExportsEndInTicketsRejectionsOrOneError() throws {
        var generator = SplitMix64(seed: 0xBA7C4)
        let directory = try TemporaryDirectory()
        for name in fixtures {
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name))))
            for round in 0..<60 {
                let bytes = mutate(original, using: &generator)
                let path = try directory.write("\(round)-\(name)", bytes: bytes)
                for format in [nil] + TicketFormat.allCases.map(Optional.some) {
                    let reader: TicketReader
                    do {
                        reader = try TicketReader(path: path, options: TicketReader.Options(format: format))
                    } catch {
                        XCTAssertFalse(error.description.isEmpty)
                        continue
                    }
                    var items = 0
                    var failures = 0
                    while let item = reader.next() {
                        items += 1
                        if case .failed = item { failures += 1 }
                        // More items than bytes would mean the reader is not advancing.
                        guard items <= bytes.count + 1 else {
                            return XCTFail("\(name) round \(round) format \(String(describing: format)): reader does not end")
                        }
                    }
                    XCTAssertLessThanOrEqual(failures, 1)
                }
            }
        }
    }
}
