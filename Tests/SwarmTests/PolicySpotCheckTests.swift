import XCTest
@testable import Swarm

final class PolicySpotCheckTests: XCTestCase {
    func testTheDrawIsTheSameForTheSameSeedAndRequest() {
        let first = SpotCheck(rate: 0.05, seed: 42)
        let second = SpotCheck(rate: 0.05, seed: 42)
        for id in ["T-1", "T-2", "ticket 1047", ""] {
            XCTAssertEqual(first.draw(requestID: id), second.draw(requestID: id))
            XCTAssertEqual(first.selects(requestID: id), second.selects(requestID: id))
        }
    }

    func testTheDrawIsPinnedAcrossProcesses() {
        // A resumed batch runs in a new process: the draw must not depend on per-process hash
        // seeds. It is checked against an independent slow implementation of the documented
        // formula, so a change to the formula (which would resample old tickets) fails here.
        let check = SpotCheck(rate: 0.5, seed: 20261125)
        XCTAssertEqual(check.draw(requestID: "T-0001"), SpotCheck(rate: 0.5, seed: 20261125).draw(requestID: "T-0001"))
        XCTAssertEqual(Self.referenceDraw(seed: 20261125, id: "T-0001"), check.draw(requestID: "T-0001"))
        XCTAssertEqual(Self.referenceDraw(seed: 7, id: "ticket-β"), SpotCheck(rate: 0, seed: 7).draw(requestID: "ticket-β"))
    }

    func testDifferentSeedsSelectDifferentRequests() {
        let ids = (0..<2000).map { "T-\($0)" }
        let a = ids.filter { SpotCheck(rate: 0.1, seed: 1).selects(requestID: $0) }
        let b = ids.filter { SpotCheck(rate: 0.1, seed: 2).selects(requestID: $0) }
        XCTAssertNotEqual(a, b)
    }

    func testTheSelectedFractionIsCloseToTheRate() {
        let check = SpotCheck(rate: 0.05, seed: 9)
        let selected = (0..<20_000).filter { check.selects(requestID: "ticket-\($0)") }.count
        // 5% of 20,000 is 1,000; the standard deviation is about 31.
        XCTAssertEqual(Double(selected), 1000, accuracy: 150)
    }

    func testRateZeroNeverAndRateOneAlwaysSelects() {
        for id in (0..<500).map({ "id\($0)" }) {
            XCTAssertFalse(SpotCheck(rate: 0, seed: 3).selects(requestID: id))
            XCTAssertTrue(SpotCheck(rate: 1, seed: 3).selects(requestID: id))
        }
    }

    func testTheVerdictOfARerunIsTheSame() throws {
        let spec = try PolicySpec(parsing: "[review]\nspot_check_rate = 0.3\nseed = 11")
        let ids = (0..<300).map { "T-\($0)" }
        func run() -> [String] {
            let engine = PolicyEngine(spec: spec)
            return ids.map { engine.verdict(domain: "shipping", answer: "ok", auditScore: 1, requestID: $0,
                                            answerMustBeJSON: false).name }
        }
        let first = run()
        XCTAssertEqual(first, run())
        XCTAssertTrue(first.contains("flagged") && first.contains("accepted"))
    }

    /// Slow reference of the documented draw: FNV-1a 64 over the seed's little-endian bytes and
    /// the id's UTF-8, SplitMix64 finalizer, top 53 bits as a fraction.
    private static func referenceDraw(seed: UInt64, id: String) -> Double {
        var bytes: [UInt8] = withUnsafeBytes(of: seed.littleEndian, Array.init)
        bytes += Array(id.utf8)
        var hash: UInt64 = 14695981039346656037
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 1099511628211
        }
        var z = hash
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        z = z ^ (z >> 31)
        return Double(z >> 11) / 9007199254740992.0
    }
}
