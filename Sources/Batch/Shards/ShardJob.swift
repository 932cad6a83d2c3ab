import Foundation
import Store

/// Starting a shard is idempotent: a cluster engine reruns a requeued or retried task with the
/// same command line, which must continue the shard's job, not fail or start it over.
extension BatchRunner {
    /// What `prepareShard` found.
    public enum ShardStart: Sendable {
        /// A new job, registered and ready to run.
        case created(BatchJob)
        /// The job this command started before (killed, requeued, retried): it continues.
        case resumed(BatchJob)
        /// The job is already done; nothing to run.
        case finished(BatchJob)
    }

    /// The default job id of a shard: the input's file name without its extension, then
    /// `-shard-K-of-N` (`tickets-shard-0-of-4`) — the same on every run of the same task.
    public static func shardJobID(input: String, shard: BatchShard) -> String {
        let stem = URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
        return "\(stem.isEmpty ? "input" : stem)-shard-\(shard.index)-of-\(shard.count)"
    }

    /// Creates shard job `id`, or takes up the one the store already holds under that id when it
    /// is the same shard of the same input (same path and digest) with the same swarm and output.
    /// Anything else under that id is an error naming what differs.
    public func prepareShard(id: String, swarmPath: String, input: String, output: String, options: BatchOptions, shard: BatchShard,
                             onRejected: (TicketRejection) -> Void = { _ in },
                             onSkippedPullRequests: (Int) -> Void = { _ in }) throws -> ShardStart {
        guard let existing = try store.jobs().first(where: { $0.id == id }) else {
            return .created(try create(id: id, swarmPath: swarmPath, input: input, output: output, options: options, shard: shard,
                                       onRejected: onRejected, onSkippedPullRequests: onSkippedPullRequests))
        }
        func differs(_ field: String, _ recorded: String, _ given: String) -> BatchError {
            .shardJobDiffers(job: id, database: store.database.path, field: field, recorded: recorded, given: given)
        }
        let recordedShard = existing.shard.map(\.description) ?? "none (not a shard)"
        guard existing.shard == shard else { throw differs("shard", recordedShard, shard.description) }
        guard existing.input == input else { throw differs("input", existing.input, input) }
        guard existing.output == output else { throw differs("results file", existing.output, output) }
        guard existing.swarm == swarmPath else { throw differs("swarm", existing.swarm, swarmPath) }
        return existing.status == .finished ? .finished(existing) : .resumed(existing)
    }
}
