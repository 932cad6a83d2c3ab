import Foundation
import XCTest
@testable import Store

/// A clock the test moves by hand, so lease expiry needs no sleeping.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current += seconds }
    }
}

/// A queue over a fresh database file, with a manual clock.
func makeQueue(_ test: XCTestCase) throws -> (ReviewQueue, ManualClock, String) {
    let path = try makeTemporaryDirectory(test).appendingPathComponent("apiary.db").path
    let clock = ManualClock()
    return (try ReviewQueue(path: path, clock: { clock.now }), clock, path)
}

/// A flagged billing answer from ticket `ticket` of job `job`.
func sampleItem(ticket: String, job: String = "job-1", domain: String? = "billing", priority: Int = 0,
                specialist: String? = "billing-specialist") -> NewReviewItem {
    NewReviewItem(source: ReviewSource(job: job, ticket: ticket),
                  request: "Why was I charged twice for order \(ticket)?",
                  answer: "You were charged once; the second line is a pending authorisation.",
                  domain: domain, routeConfidence: 0.91, routeStrategy: "classifier", specialist: specialist,
                  auditScore: 0.42, reasons: ["answer does not cite the refund policy"],
                  flags: ["audit score below 0.6"], verdict: "flagged", priority: priority)
}
