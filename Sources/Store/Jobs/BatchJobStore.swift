import Foundation

/// Batch jobs and each ticket's state, in the deployment database.
///
/// Exactly-once output, in input order: a finished ticket is recorded (state
/// `done`, its result line) in one transaction, which also gives the next
/// write sequence numbers to every finished ticket that no pending ticket
/// precedes in the input. Only sequenced lines are appended to the output
/// file, and after the file is flushed the job records `writtenSequence` and
/// the file length. After a crash at any instant, `resume` truncates the file
/// to the recorded length and appends the sequenced results after
/// `writtenSequence` — so every ticket appears once, in input order, and no
/// finished work is lost or repeated. (A result waits for the tickets before
/// it at most until the end of its round: a round finishes every ticket it
/// starts, with an answer or as `failed`.)
public final class BatchJobStore {
    public let database: Database
    private let now: @Sendable () -> Date

    public init(database: Database, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.database = database
        self.now = clock
        try Migrator(StoreSchema.migrations).migrate(database)
    }

    /// Opens the store in the database at `path`; `access` says whether it may be created or written.
    public convenience init(path: String, access: DatabaseAccess = .create) throws {
        try self.init(database: Database(path: path, access: access))
    }

    var time: Int64 { Int64((now().timeIntervalSince1970 * 1000).rounded()) }

    // MARK: Jobs

    public func createJob(id: String, swarm: String, input: String, inputBytes: Int64, output: String, options: String,
                          shard: BatchShard? = nil, inputFingerprint: String? = nil) throws -> BatchJob {
        try database.transaction {
            guard try database.queryOne("SELECT 1 FROM batch_jobs WHERE id = ?", id) == nil else { throw BatchJobError.jobExists(id) }
            try database.execute("""
                INSERT INTO batch_jobs (id, swarm, input, input_bytes, output, options, shard_index, shard_count, input_fingerprint,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, id, swarm, input, inputBytes, output, options, shard?.index, shard?.count, inputFingerprint, time, time)
        }
        return try job(id)
    }

    /// Registration read the whole input: it holds `count` records (all shards' together).
    public func setInputRecords(_ id: String, _ count: Int) throws {
        try database.execute("UPDATE batch_jobs SET input_records = ?, updated_at = ? WHERE id = ?", count, time, id)
    }

    public func job(_ id: String) throws -> BatchJob {
        guard let row = try database.queryOne("\(Self.jobSelect) WHERE id = ?", id) else { throw BatchJobError.noSuchJob(id) }
        return try Self.job(from: row)
    }

    /// Every job, newest first.
    public func jobs() throws -> [BatchJob] {
        try database.query("\(Self.jobSelect) ORDER BY created_at DESC, id").map(Self.job(from:))
    }

    /// A job's row with its finished and failed ticket counts.
    private static let jobSelect = """
        SELECT *,
            (SELECT COUNT(*) FROM batch_items i WHERE i.job_id = batch_jobs.id AND i.state != 'pending') AS done_count,
            (SELECT COUNT(*) FROM batch_items i WHERE i.job_id = batch_jobs.id AND i.verdict = 'failed') AS failed_count
        FROM batch_jobs
        """

    public func setStatus(_ id: String, _ status: BatchJob.Status) throws {
        let finished: Int64? = status == .finished ? time : nil
        try database.execute("UPDATE batch_jobs SET status = ?, updated_at = ?, finished_at = COALESCE(?, finished_at) WHERE id = ?",
                             status.rawValue, time, finished, id)
    }

    // MARK: Tickets

    /// Registers tickets as pending (a ticket already registered is left as it is).
    /// Returns how many were new.
    @discardableResult
    public func register(job id: String, tickets: [RegisteredTicket]) throws -> Int {
        try database.transaction {
            var added = 0
            let time = self.time
            for ticket in tickets {
                try database.execute("""
                    INSERT OR IGNORE INTO batch_items (job_id, ticket, line, position, updated_at) VALUES (?, ?, ?, ?, ?)
                    """, id, ticket.ticket, ticket.line, ticket.position, time)
                added += database.changes
            }
            try database.execute("UPDATE batch_jobs SET total = total + ?, updated_at = ? WHERE id = ?", added, time, id)
            return added
        }
    }

    /// Tickets still to do, in input order.
    public func pendingTickets(job id: String) throws -> Set<String> {
        Set(try database.query("SELECT ticket FROM batch_items WHERE job_id = ? AND state = 'pending'", id)
            .map { try $0.get("ticket", as: String.self) })
    }

    /// Records finished tickets with their output lines, in one transaction,
    /// and sequences the results that are now next in input order. A ticket
    /// that is not pending (already recorded) is skipped, so a result can never
    /// be recorded twice.
    @discardableResult
    public func record(job id: String, results: [TicketOutcome]) throws -> Int {
        try database.transaction {
            guard try database.queryOne("SELECT 1 FROM batch_jobs WHERE id = ?", id) != nil else {
                throw BatchJobError.noSuchJob(id)
            }
            let time = self.time
            var recorded = 0
            var rejected = 0
            for result in results {
                try database.execute("""
                    UPDATE batch_items SET state = ?, result = ?, verdict = ?, reason = ?, updated_at = ?
                    WHERE job_id = ? AND ticket = ? AND state = 'pending'
                    """, result.rejectedBecause == nil ? "done" : "rejected", result.line, result.verdict,
                    result.rejectedBecause, time, id, result.ticket)
                if database.changes == 1 {
                    recorded += 1
                    if result.rejectedBecause != nil { rejected += 1 }
                }
            }
            try database.execute("UPDATE batch_jobs SET rejected = rejected + ?, updated_at = ? WHERE id = ?", rejected, time, id)
            try sequenceInInputOrder(job: id)
            return recorded
        }
    }

    /// Gives write sequence numbers, in input order, to the finished results that no
    /// pending ticket precedes. Runs inside `record`'s transaction.
    private func sequenceInInputOrder(job id: String) throws {
        guard var sequence = try database.queryOne("SELECT last_seq FROM batch_jobs WHERE id = ?", id)?.get("last_seq", as: Int64.self) else {
            throw BatchJobError.noSuchJob(id)
        }
        let ready = try database.query("""
            SELECT ticket FROM batch_items
            WHERE job_id = ? AND state != 'pending' AND write_seq IS NULL
              AND position < COALESCE((SELECT MIN(position) FROM batch_items WHERE job_id = ? AND state = 'pending'),
                                      9223372036854775807)
            ORDER BY position
            """, id, id).map { try $0.get("ticket", as: String.self) }
        for ticket in ready {
            sequence += 1
            try database.execute("UPDATE batch_items SET write_seq = ? WHERE job_id = ? AND ticket = ?", sequence, id, ticket)
        }
        try database.execute("UPDATE batch_jobs SET last_seq = ? WHERE id = ?", sequence, id)
    }

    /// Recorded results not yet known to be in the output file, in write order.
    public func unwritten(job id: String) throws -> [PendingOutput] {
        let job = try job(id)
        return try database.query("""
            SELECT write_seq, ticket, result FROM batch_items
            WHERE job_id = ? AND write_seq > ? ORDER BY write_seq
            """, id, job.writtenSequence).map {
            PendingOutput(sequence: try $0.get("write_seq"), ticket: try $0.get("ticket"), line: try $0.get("result"))
        }
    }

    /// The output file holds every result up to `sequence` and is `bytes` long.
    public func markWritten(job id: String, through sequence: Int64, outputBytes bytes: Int64) throws {
        try database.execute("UPDATE batch_jobs SET written_seq = ?, output_bytes = ?, updated_at = ? WHERE id = ?",
                             sequence, bytes, time, id)
    }

    /// Every recorded result line of a job, in write order (for the summary).
    public func results(job id: String) throws -> [String] {
        try database.query("SELECT result FROM batch_items WHERE job_id = ? AND write_seq IS NOT NULL ORDER BY write_seq", id)
            .map { try $0.get("result", as: String.self) }
    }

    private static func job(from row: Row) throws -> BatchJob {
        func date(_ column: String) throws -> Date { Date(timeIntervalSince1970: Double(try row.get(column, as: Int64.self)) / 1000) }
        let finished: Int64? = try row.get("finished_at")
        let shardIndex: Int? = try row.get("shard_index")
        let shardCount: Int? = try row.get("shard_count")
        // A stored shard is one `BatchShard` accepted; a row edited out of range reads as unsharded.
        let shard = shardIndex.flatMap { index in shardCount.flatMap { try? BatchShard(index: index, count: $0) } }
        return BatchJob(
            id: try row.get("id"), swarm: try row.get("swarm"), input: try row.get("input"),
            inputBytes: try row.get("input_bytes"), output: try row.get("output"), options: try row.get("options"),
            status: BatchJob.Status(rawValue: try row.get("status")) ?? .failed,
            total: try row.get("total"), rejected: try row.get("rejected"),
            done: try row.get("done_count"), failed: try row.get("failed_count"),
            lastSequence: try row.get("last_seq"), writtenSequence: try row.get("written_seq"),
            outputBytes: try row.get("output_bytes"), createdAt: try date("created_at"), updatedAt: try date("updated_at"),
            finishedAt: finished.map { Date(timeIntervalSince1970: Double($0) / 1000) },
            shard: shard, inputRecords: try row.get("input_records"), inputFingerprint: try row.get("input_fingerprint"))
    }
}
