import Foundation

/// A batch job as stored: what it reads and writes, and how far it got.
public struct BatchJob: Sendable, Equatable {
    public enum Status: String, Sendable {
        case created, running, interrupted, finished, failed
    }

    public var id: String
    public var swarm: String
    public var input: String
    /// Size of the input file when the job was created; a resume refuses a changed file.
    public var inputBytes: Int64
    public var output: String
    /// The command-line options the job was started with, as JSON, so a resume repeats them.
    public var options: String
    public var status: Status
    /// Tickets registered (accepted and rejected).
    public var total: Int
    public var rejected: Int
    /// Tickets finished (answered, failed or rejected).
    public var done: Int
    /// Tickets whose result is `failed` (an error while answering them).
    public var failed: Int
    /// Results put in output order, and results known to be in the output file.
    public var lastSequence: Int64
    public var writtenSequence: Int64
    /// Length of the output file when `writtenSequence` was recorded.
    public var outputBytes: Int64
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?
    /// For a shard of a larger job (`--shard K/N`): which one. Its tickets are the input's
    /// that hash to it; every other field holds for the shard alone.
    public var shard: BatchShard?
    /// How many records the whole input holds (every shard's, rejected ones included), known
    /// once registration has read the input to its end.
    public var inputRecords: Int?
    /// A digest of the input's bytes (`fnv1a64:` and 16 hex digits), recorded for shards so a
    /// merge can tell shards of one input from shards of another.
    public var inputFingerprint: String?

    public var pending: Int { max(0, total - done) }
}

/// A ticket's finished result, as the job store records it.
public struct TicketOutcome: Sendable, Equatable {
    public var ticket: String
    /// The result line written to the output file.
    public var line: String
    /// The result's verdict (`accepted`, `flagged`, `failed`, `rejected`, …).
    public var verdict: String
    /// Set for bad input: why the record was rejected.
    public var rejectedBecause: String?

    public init(ticket: String, line: String, verdict: String, rejectedBecause: String? = nil) {
        self.ticket = ticket
        self.line = line
        self.verdict = verdict
        self.rejectedBecause = rejectedBecause
    }
}

/// A ticket registered with a job: its id, where its record starts, its place in the input.
public struct RegisteredTicket: Sendable, Equatable {
    public var ticket: String
    public var line: Int
    /// 1-based position among the input's records (rejected ones count).
    public var position: Int

    public init(ticket: String, line: Int, position: Int) {
        self.ticket = ticket
        self.line = line
        self.position = position
    }
}

/// A result waiting to be appended to the output file.
public struct PendingOutput: Sendable, Equatable {
    public var sequence: Int64
    public var ticket: String
    public var line: String
}

/// Problems with batch jobs in the store.
public enum BatchJobError: Error, CustomStringConvertible, Equatable {
    case noSuchJob(String)
    case jobExists(String)

    public var description: String {
        switch self {
        case .noSuchJob(let id): return "no batch job '\(id)' (apiary jobs lists them)"
        case .jobExists(let id): return "a batch job '\(id)' already exists"
        }
    }
}
