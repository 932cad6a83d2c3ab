import Foundation

/// Why a queue operation was refused. Each case says what to do next.
public enum ReviewQueueError: Error, CustomStringConvertible, Equatable {
    case noSuchItem(Int64)
    /// The item is already approved, rejected or edited; decisions are final.
    case alreadyDecided(id: Int64, status: ReviewStatus, by: String?)
    /// The item is pending: claim it before deciding or releasing.
    case notClaimed(id: Int64)
    /// Another reviewer holds a lease that has not expired.
    case heldByOther(id: Int64, reviewer: String, until: Date)
    /// The presented lease is no longer current: the item was claimed again since (fencing).
    case staleLease(id: Int64, presented: Int64, current: Int64, holder: String?)
    /// The presented lease ran out; renew it or claim the item again.
    case leaseExpired(id: Int64, at: Date)
    /// A rejection needs a reason, an edit a non-empty answer.
    case missingText(id: Int64, what: String)
    /// A reviewer name that is empty or only spaces.
    case invalidReviewer(String)
    /// A lease that is not a positive number of seconds up to `ReviewQueue.maximumLease`.
    case invalidLease(TimeInterval)

    public var description: String {
        switch self {
        case .noSuchItem(let id):
            return "no review item \(id)"
        case .alreadyDecided(let id, let status, let by):
            return "item \(id) is already \(status.rawValue)" + (by.map { " by \($0)" } ?? "") + "; decisions are final"
        case .notClaimed(let id):
            return "item \(id) is not claimed; claim it first"
        case .heldByOther(let id, let reviewer, let until):
            return "item \(id) is claimed by \(reviewer) until \(ISO8601.string(until))"
        case .staleLease(let id, let presented, let current, let holder):
            return "lease on item \(id) is stale (generation \(presented), now \(current)"
                + (holder.map { ", held by \($0)" } ?? "") + "); it was claimed again after your lease expired"
        case .leaseExpired(let id, let at):
            return "lease on item \(id) expired at \(ISO8601.string(at)); claim it again"
        case .missingText(let id, let what):
            return "item \(id): \(what) must not be empty"
        case .invalidReviewer(let name):
            return "the reviewer name '\(name)' is empty; decisions record who made them"
        case .invalidLease(let seconds):
            return "a lease of \(seconds) seconds is out of range; expected more than 0 and at most \(Int(ReviewQueue.maximumLease)) (30 days)"
        }
    }
}

/// Timestamps as readers expect them: `2026-11-25T08:51:32.123Z`.
public enum ISO8601 {
    public static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
