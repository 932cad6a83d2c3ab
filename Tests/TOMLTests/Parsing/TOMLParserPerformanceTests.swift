import Foundation
import XCTest
@testable import TOML

final class TOMLParserPerformanceTests: XCTestCase {
    /// A few-KB swarm file parses in well under a millisecond optimised (about 60 µs measured);
    /// a debug build is several times slower, so the bound here only catches gross regressions
    /// such as per-character String indexing or quadratic position tracking.
    func testSwarmSizedFileParsesQuickly() throws {
        let text = SwarmFixture.text
        XCTAssertGreaterThan(text.utf8.count, 3000)
        let document = try TOMLDocument(parsing: text, file: "swarms/support.toml")
        XCTAssertEqual(try document.root.array("specialists").count, 6)
        XCTAssertEqual(try document.root.table("router").double("min_confidence"), 0.72)

        let iterations = 200
        let start = Date()
        for _ in 0..<iterations {
            _ = try TOMLDocument(parsing: text, file: "swarms/support.toml")
        }
        let perParse = Date().timeIntervalSince(start) / Double(iterations)
        print(String(format: "swarm file (%d bytes): %.0f µs per parse", text.utf8.count, perParse * 1e6))
        XCTAssertLessThan(perParse, 0.005)
    }
}
