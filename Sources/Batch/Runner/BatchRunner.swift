import Foundation
import Store
import Swarm

/// Progress of a running job, for the progress bar and log lines.
public struct BatchProgress: Sendable {
    public var done: Int
    public var total: Int
    public var flagged: Int
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

    public init(batchSize: Int, roundSize: Int? = nil, format: String? = nil, idField: String? = nil, textFields: [String]? = nil) {
        self.batchSize = max(1, batchSize)
        self.roundSize = roundSize ?? max(16, 4 * self.batchSize)
        self.format = format
        self.idField = idField
        self.textFields = textFields
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
    let runtime: SwarmRuntime
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
    /// with their reason). Returns the job.
    public func create(id: String, swarmPath: String, input: String, output: String, options: BatchOptions,
                       onRejected: (TicketRejection) -> Void = { _ in }) throws -> BatchJob {
        let encoded = String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
        _ = try store.createJob(id: id, swarm: swarmPath, input: input, inputBytes: Self.size(of: input), output: output, options: encoded)
        try register(id, input: input, options: options, onRejected: onRejected)
        return try store.job(id)
    }

    /// Registers every ticket of the input as pending (rejections recorded at
    /// once), then marks the job `interrupted` (ready to run). Idempotent, so a
    /// job killed while registering is registered again on resume.
    private func register(_ id: String, input: String, options: BatchOptions, onRejected: (TicketRejection) -> Void) throws {
        var pending: [(ticket: String, line: Int)] = []
        var rejected: [(ticket: String, line: String, rejectedBecause: String?)] = []
        func flush() throws {
            try store.register(job: id, tickets: pending + rejected.map { ($0.ticket, 0) })
            if !rejected.isEmpty { try store.record(job: id, results: rejected) }
            pending.removeAll()
            rejected.removeAll()
        }
        for item in try reader(input, options) {
            switch item {
            case .ticket(let ticket):
                pending.append((ticket.id, ticket.sourceLine))
            case .rejected(let rejection):
                onRejected(rejection)
                rejected.append(("\(rejection.id ?? "")@line\(rejection.line)", Self.rejectedLine(rejection), rejection.reason))
            case .failed(let error):
                try store.setStatus(id, .failed)
                throw error
            }
            if pending.count + rejected.count >= 1000 { try flush() }
        }
        try flush()
        try store.setStatus(id, .interrupted)
    }

    /// Runs (or resumes) job `id` until every ticket is done or `shouldStop`
    /// returns true between tickets. Returns the job as it then stands.
    public func run(id: String, progress: (BatchProgress) -> Void = { _ in }, shouldStop: () -> Bool = { false }) throws -> BatchJob {
        var job = try store.job(id)
        let options = try JSONDecoder().decode(BatchOptions.self, from: Data(job.options.utf8))
        let actual = try Self.size(of: job.input)
        guard actual == job.inputBytes else { throw BatchError.inputChanged(path: job.input, expectedBytes: job.inputBytes, actualBytes: actual) }
        if job.status == .created {
            try register(id, input: job.input, options: options, onRejected: { _ in })
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
        var tokens = 0
        var round: [SwarmRequest] = []
        func report() {
            progress(BatchProgress(done: done, total: job.total, flagged: flagged, rejected: job.rejected, tokens: tokens,
                                   elapsed: Date().timeIntervalSince(started)))
        }
        func runRound() throws {
            _ = try runtime.run(batch: round, batchSize: options.batchSize) { result in
                try self.record(result, job: id, output: output)
                done += 1
                tokens += result.tokensIn + result.tokensOut
                if case .flagged = result.verdict { flagged += 1 }
                report()
            }
            round.removeAll()
        }
        report()
        for item in try reader(job.input, options) {
            if shouldStop() { break }
            guard case .ticket(let ticket) = item, todo.contains(ticket.id) else { continue }
            round.append(SwarmRequest(id: ticket.id, text: ticket.text))
            if round.count >= options.roundSize { try runRound() }
        }
        if !round.isEmpty, !shouldStop() { try runRound() }
        job = try store.job(id)
        try store.setStatus(id, job.pending == 0 ? .finished : .interrupted)
        return try store.job(id)
    }

    /// Records one result (and its review item when flagged) in one
    /// transaction, then appends it to the output file.
    private func record(_ result: SwarmResult, job id: String, output: ResultsFile) throws {
        var object = result.jsonObject
        object["job"] = id
        let line = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        try store.database.transaction {
            try store.record(job: id, results: [(result.id, line, nil)])
            try store.record(TicketFacts(result, job: id, spec: runtime.spec, usage: meter.lap()))
            if case .flagged = result.verdict {
                var item = object
                if item["answer"] is NSNull { item["answer"] = "" }
                item["source"] = ["job": id, "ticket": result.id]
                let itemLine = String(decoding: try JSONSerialization.data(withJSONObject: item), as: UTF8.self)
                try queue.enqueue(QueueImport.item(fromLine: itemLine))
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

    private func reader(_ input: String, _ options: BatchOptions) throws -> TicketReader {
        var mapping: TicketFieldMapping?
        if let idField = options.idField, let text = options.textFields, !text.isEmpty {
            mapping = TicketFieldMapping(idField: idField, textFields: text)
        }
        return try TicketReader(path: input, options: .init(format: try options.format.map { try TicketFormat(argument: $0) }, mapping: mapping))
    }

    static func rejectedLine(_ rejection: TicketRejection) -> String {
        let object: [String: Any] = ["id": rejection.id.map { $0 as Any } ?? NSNull(), "line": rejection.line,
                                     "verdict": "rejected", "reasons": [rejection.reason]]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }

    static func size(of path: String) throws -> Int64 {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? NSNumber else {
            throw BatchError.outputDamaged(path: path, reason: "cannot read the input file")
        }
        return size.int64Value
    }
}
