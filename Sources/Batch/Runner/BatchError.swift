/// Why a batch job cannot start or continue.
public enum BatchError: Error, CustomStringConvertible {
    case outputDamaged(path: String, reason: String)
    case inputUnreadable(path: String)
    case inputChanged(path: String, expectedBytes: Int64, actualBytes: Int64)
    /// Same size, other bytes: a shard's tickets would no longer be the ones it registered.
    case inputRewritten(path: String, recorded: String, actual: String)
    case alreadyFinished(job: String)
    /// `--shard` found job `job` in the store doing something else; `field` says what differs.
    case shardJobDiffers(job: String, database: String, field: String, recorded: String, given: String)

    public var description: String {
        switch self {
        case .outputDamaged(let path, let reason):
            return "\(path): \(reason)"
        case .inputUnreadable(let path):
            return "\(path): cannot read the input file"
        case .inputChanged(let path, let expected, let actual):
            return "\(path): the input changed since the job started (\(expected) bytes then, \(actual) now); start a new job"
        case .inputRewritten(let path, let recorded, let actual):
            return "\(path): the input changed since the job started (digest \(recorded) then, \(actual) now); start a new job"
        case .alreadyFinished(let job):
            return "job \(job) is already finished"
        case .shardJobDiffers(let job, let database, let field, let recorded, let given):
            return "\(database): job \(job) has \(field) \(recorded), not \(given); give another --job or --db"
        }
    }
}
