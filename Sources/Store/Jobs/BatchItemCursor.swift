/// One registered record of a job as the store holds it, for readers that go through a whole
/// job in input order (`apiary batch merge`).
public struct StoredBatchItem: Sendable, Equatable {
    /// 1-based position among the input's records (rejected ones count).
    public var position: Int
    /// The ticket id, or for a rejected record its store key (`id@lineN`).
    public var ticket: String
    /// Where its record starts in the input.
    public var line: Int
    /// `pending`, `done` or `rejected`.
    public var state: String
    /// The result's verdict (`accepted`, `flagged`, …); nil while pending.
    public var verdict: String?
    /// The result line; nil while pending, and when the cursor was opened without results.
    public var result: String?

    public init(position: Int, ticket: String, line: Int, state: String, verdict: String? = nil, result: String? = nil) {
        self.position = position
        self.ticket = ticket
        self.line = line
        self.state = state
        self.verdict = verdict
        self.result = result
    }

    public var isPending: Bool { state == "pending" }
}

/// A job's items in input order, read one row at a time: a shard of a million tickets is never
/// held whole. Holds a read transaction on its connection until it is exhausted or released.
public final class BatchItemCursor {
    private let statement: Statement
    private let withResults: Bool
    private var finished = false

    init(database: Database, job: String, withResults: Bool) throws {
        self.withResults = withResults
        statement = try database.prepare("""
            SELECT position, ticket, line, state, verdict\(withResults ? ", result" : "") FROM batch_items
            WHERE job_id = ? ORDER BY position, ticket
            """)
        try statement.bind([job])
    }

    /// The next item, nil after the last.
    public func next() throws -> StoredBatchItem? {
        guard !finished else { return nil }
        guard try statement.step() else {
            finished = true
            statement.reset()
            return nil
        }
        let row = statement.currentRow()
        let position: Int? = try row.get("position")
        return StoredBatchItem(position: position ?? 0, ticket: try row.get("ticket"), line: try row.get("line"),
                               state: try row.get("state"), verdict: try row.get("verdict"), result: withResults ? try row.get("result") : nil)
    }
}

extension BatchJobStore {
    /// Job `id`'s items in input order; `withResults: false` leaves the result lines unread.
    public func items(job id: String, withResults: Bool) throws -> BatchItemCursor {
        try BatchItemCursor(database: database, job: id, withResults: withResults)
    }
}
