/// Why a batch job cannot start or continue.
public enum BatchError: Error, CustomStringConvertible {
    case outputDamaged(path: String, reason: String)
    case inputChanged(path: String, expectedBytes: Int64, actualBytes: Int64)
    case alreadyFinished(job: String)

    public var description: String {
        switch self {
        case .outputDamaged(let path, let reason):
            return "\(path): \(reason)"
        case .inputChanged(let path, let expected, let actual):
            return "\(path): the input changed since the job started (\(expected) bytes then, \(actual) now); start a new job"
        case .alreadyFinished(let job):
            return "job \(job) is already finished"
        }
    }
}
