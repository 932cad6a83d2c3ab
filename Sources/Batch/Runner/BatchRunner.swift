import Foundation
import Store
import Swarm

/// Progress of a running job, for the progress bar and log lines.
public struct BatchProgress: Sendable {
    public var done: Int
    public var total: Int
    public var flagged: Int
    public var failed: Int
    public var rejected: Int
    public var tokens: Int
    public var elapsed: Double
}

/// Settings of a batch run (stored with the job so a resume repeats them).
public struct BatchOptions: Sendable, Codable {
    /// Sequences decoded together per forward pass.
    public var batchSize: Int
    /// Tickets read, routed and answered per round; results are recorded as
    /// each finishes, so a crash loses at most the unfinished ones of a round.
    public var roundSize: Int
    public var format: String?
    public var idField: String?
    public var textFields: [String]?
    /// GitHub exports: keep pull requests as tickets (skipped and counted by default).
    public var includePullRequests: Bool

    public init(batchSize: Int, roundSize: Int? = nil, format: String? = nil, idField: String? = nil, textFields: [String]? = nil,
                includePullRequests: Bool = false) {
        self.batchSize = max(1, batchSize)
        self.roundSize = roundSize ?? max(16, 4 * self.batchSize)
        self.format = format
        self.idField = idField
        self.textFields = textFields
        self.includePullRequests = includePullRequests
    }

    enum CodingKeys: String, CodingKey {
        case batchSize, roundSize, format, idField, textFields, includePullRequests
    }

    /// Jobs recorded before `includePullRequests` existed read as `false`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        batchSize = try container.decode(Int.self, forKey: .batchSize)
        roundSize = try container.decode(Int.self, forKey: .roundSize)
        format = try container.decodeIfPresent(String.self, forKey: .format)
        idField = try container.decodeIfPresent(String.self, forKey: .idField)
        textFields = try container.decodeIfPresent([String].self, forKey: .textFields)
        includePullRequests = try container.decodeIfPresent(Bool.self, forKey: .includePullRequests) ?? false
    }

    /// A default batch size from the machine: 8 sequences per core (batched
    /// decoding amortises each weight read over them) up to 16, where the
    /// gain levels off, and 4 when memory is short for their KV caches.
    public static func defaultBatchSize(cores: Int = ProcessInfo.processInfo.activeProcessorCount,
                                        physicalMemory: UInt64 = ProcessInfo.processInfo.physicalMemory) -> Int {
        physicalMemory < 4 << 30 ? 4 : min(16, max(4, 8 * cores))
    }
}

/// Runs a swarm over a ticket export as a resumable job (see `BatchJobStore`
/// for why a crash at any instant loses nothing and writes nothing twice).
public final class BatchRunner {
    public let runtime: SwarmRuntime
    public let store: BatchJobStore
    let queue: ReviewQueue
    /// Each result's share of wall time, CPU time and energy, for its facts.
    private let meter = ResourceMeter()

    /// `store` and `queue` must share one database: a result and its review
    /// item are recorded in one transaction.
    public init(runtime: SwarmRuntime, store: BatchJobStore, queue: ReviewQueue) {
        self.runtime = runtime
        self.store = store
        self.queue = queue
    }

    /// Creates a job and registers every ticket of `input` (rejecting bad ones
    /// with their reason) — for a shard, only the records that `ShardKey` gives it. Returns the job.
    /// - Parameter onSkippedPullRequests: told, after registering, how many GitHub pull
    ///   requests were passed over (see `BatchOptions.includePullRequests`), when any were.
    public func create(id: String, swarmPath: String, input: String, output: String, options: BatchOptions, shard: BatchShard? = nil,
                       onRejected: (TicketRejection) -> Void = { _ in },
                       onSkippedPullRequests: (Int) -> Void = { _ in }) throws -> BatchJob {
        let encoded = String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
        let fingerprint = try shard.map { _ in try InputFingerprint.of(path: input) }
        _ = try store.createJob(id: id, swarm: swarmPath, input: input, inputBytes: Self.size(of: input), output: output, options: encoded,
                                shard: shard, inputFingerprint: fingerprint)
        let skipped = try register(id, input: input, options: options, shard: shard, onRejected: onRejected)
        if skipped > 0 { onSkippedPullRequests(skipped) }
        return try store.job(id)
    }

    /// Registers every ticket of the input (of a shard: those that hash to it) as pending with
    /// its input position (rejections recorded at once), records how many records the whole
    /// input has, then marks the job `interrupted` (ready to run). Idempotent, so a job killed
    /// while registering is registered again on resume. Returns how many pull requests the
    /// reader skipped.
    @discardableResult
    private func register(_ id: String, input: String, options: BatchOptions, shard: BatchShard?,
                          onRejected: (TicketRejection) -> Void) throws -> Int {
        var pending: [RegisteredTicket] = []
        var rejected: [TicketOutcome] = []
        func flush() throws {
            try store.register(job: id, tickets: pending)
            if !rejected.isEmpty { try store.record(job: id, results: rejected) }
            pending.removeAll()
            rejected.removeAll()
        }
        let tickets = try Self.reader(input, options)
        var records = 0
        for (position, item) in positioned(tickets) {
            if case .failed(let error) = item {
                try store.setStatus(id, .failed)
                throw error
            }
            records = position
            // Positions count every record of the input, so a shard's are the whole job's.
            if let shard, !ShardKey.belongs(item, to: shard) { continue }
            switch item {
            case .ticket(let ticket):
                pending.append(RegisteredTicket(ticket: ticket.id, line: ticket.sourceLine, position: position))
            case .rejected(let rejection):
                onRejected(rejection)
                let key = Self.rejectionKey(rejection)
                pending.append(RegisteredTicket(ticket: key, line: rejection.line, position: position))
                let line = try RecordJSON.line(ResultRecord(rejection, job: id, position: position))
                rejected.append(TicketOutcome(ticket: key, line: line, verdict: ResultRecord.Verdict.rejected.rawValue,
                                              rejectedBecause: rejection.reason))
            case .failed:
                break
            }
            if pending.count >= 1000 { try flush() }
        }
        try flush()
        try store.setInputRecords(id, records)
        try store.setStatus(id, .interrupted)
        return tickets.skippedPullRequests
    }

    /// Runs (or resumes) job `id` until every ticket is done or `shouldStop`
    /// returns true; the tickets in flight (one batch of answers) finish first.
    /// A ticket whose answer fails is recorded as `failed` and the job goes on.
    /// Returns the job as it then stands.
    public func run(id: String, progress: (BatchProgress) -> Void = { _ in }, shouldStop: () -> Bool = { false }) throws -> BatchJob {
        var job = try store.job(id)
        let options = try JSONDecoder().decode(BatchOptions.self, from: Data(job.options.utf8))
        let actual = try Self.size(of: job.input)
        guard actual == job.inputBytes else { throw BatchError.inputChanged(path: job.input, expectedBytes: job.inputBytes, actualBytes: actual) }
        // A shard's tickets are chosen from the input's content: the same bytes or nothing.
        if let recorded = job.inputFingerprint {
            let now = try InputFingerprint.of(path: job.input)
            guard now == recorded else { throw BatchError.inputRewritten(path: job.input, recorded: recorded, actual: now) }
        }
        if job.status == .created {
            try register(id, input: job.input, options: options, shard: job.shard, onRejected: { _ in })
            job = try store.job(id)
        }
        let output = try ResultsFile(path: job.output, job: job)
        try store.setStatus(id, .running)
        // Results recorded by a run that died before writing them.
        try writePending(id, to: output)

        let todo = try store.pendingTickets(job: id)
        _ = meter.lap()
        let started = Date()
        var done = job.done
        var flagged = 0
        var failed = 0
        var tokens = 0
        var round: [(ticket: Ticket, position: Int)] = []
        func report() {
            progress(BatchProgress(done: done, total: job.total, flagged: flagged, failed: failed, rejected: job.rejected, tokens: tokens,
                                   elapsed: Date().timeIntervalSince(started)))
        }
        func runRound() throws {
            let roundStarted = Date()
            let tickets = Dictionary(round.map { ($0.ticket.id, $0) }, uniquingKeysWith: { first, _ in first })
            _ = try runtime.run(batch: round.map { SwarmRequest(id: $0.ticket.id, text: $0.ticket.text) },
                                batchSize: options.batchSize, shouldStop: shouldStop) { result in
                let entry = tickets[result.id]
                // The ticket's latency: from its round's start to its result.
                let record = ResultRecord(result, job: id, position: entry?.position, line: entry?.ticket.sourceLine,
                                          ticket: entry?.ticket.fields ?? [:], seconds: Date().timeIntervalSince(roundStarted))
                try self.record(record, ticket: result.id, job: id, output: output)
                done += 1
                tokens += result.tokensIn + result.tokensOut
                switch result.verdict {
                case .flagged: flagged += 1
                case .failed: failed += 1
                case .accepted, .blocked: break
                }
                report()
            }
            round.removeAll()
        }
        report()
        for (position, item) in try positioned(Self.reader(job.input, options)) {
            if shouldStop() { break }
            guard case .ticket(let ticket) = item, todo.contains(ticket.id) else { continue }
            round.append((ticket, position))
            if round.count >= options.roundSize { try runRound() }
        }
        if !round.isEmpty, !shouldStop() { try runRound() }
        job = try store.job(id)
        try store.setStatus(id, job.pending == 0 ? .finished : .interrupted)
        return try store.job(id)
    }

    /// Records one result (and its review item when flagged or failed) in one
    /// transaction, then appends what is now next in input order to the output file.
    private func record(_ record: ResultRecord, ticket: String, job id: String, output: ResultsFile) throws {
        let line = try RecordJSON.line(record)
        try store.database.transaction {
            try store.record(job: id, results: [TicketOutcome(ticket: ticket, line: line, verdict: record.verdict.rawValue)])
            try store.record(TicketFacts(record, ticket: ticket, job: id, spec: runtime.spec, usage: meter.lap()))
            if record.verdict == .flagged || record.verdict == .failed {
                try queue.enqueue(NewReviewItem(record))
            }
        }
        try writePending(id, to: output)
    }

    private func writePending(_ id: String, to output: ResultsFile) throws {
        let pending = try store.unwritten(job: id)
        guard let last = pending.last else { return }
        try output.append(pending)
        try store.markWritten(job: id, through: last.sequence, outputBytes: output.length)
    }

    /// The reader of a job's input, as its recorded options say.
    static func reader(_ input: String, _ options: BatchOptions) throws -> TicketReader {
        var mapping: TicketFieldMapping?
        if let idField = options.idField, let text = options.textFields, !text.isEmpty {
            mapping = TicketFieldMapping(idField: idField, textFields: text)
        }
        return try TicketReader(path: input, options: .init(format: try options.format.map { try TicketFormat(argument: $0) }, mapping: mapping,
                                                            includePullRequests: options.includePullRequests))
    }

    /// The store's key for a rejected record (its id may be missing or repeated).
    static func rejectionKey(_ rejection: TicketRejection) -> String {
        "\(rejection.id ?? "")@line\(rejection.line)"
    }

    /// Input items with their 1-based positions (tickets and rejections count; a read failure ends the input).
    private func positioned(_ reader: TicketReader) -> some Sequence<(Int, TicketInputItem)> {
        zip(1..., reader)
    }

    static func size(of path: String) throws -> Int64 {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? NSNumber else {
            throw BatchError.inputUnreadable(path: path)
        }
        return size.int64Value
    }
}
