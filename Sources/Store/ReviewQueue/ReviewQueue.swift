import Foundation

/// The human-in-the-loop queue: flagged answers wait here for a reviewer.
///
/// Every write runs in a `BEGIN IMMEDIATE` transaction, so two processes
/// claiming at once serialise on SQLite's write lock and each item goes to
/// exactly one of them. Claims are leases with a fencing generation: a
/// decision must present the lease of the current generation, so a reviewer
/// whose lease expired and was taken over cannot overwrite the new holder.
/// Every claim, release and decision is appended to the decision log.
public final class ReviewQueue {
    public let database: Database
    private let now: @Sendable () -> Date

    /// Opens the queue in `database`, applying schema migrations.
    /// - Parameter clock: the time source; tests pass a controllable one.
    public init(database: Database, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.database = database
        self.now = clock
        try Migrator(StoreSchema.migrations).migrate(database)
    }

    /// Opens the database at `path` and its queue; `access` says whether it may be created or written.
    public convenience init(path: String, access: DatabaseAccess = .create,
                            clock: @escaping @Sendable () -> Date = { Date() }) throws {
        try self.init(database: Database(path: path, access: access), clock: clock)
    }

    /// The longest lease a claim may ask for: 30 days. A lease is milliseconds since 1970 in an
    /// Int64, so an unchecked huge duration would not fit; a month is more than any review needs.
    public static let maximumLease: TimeInterval = 30 * 24 * 3600

    // MARK: Enqueue

    /// Whether an enqueue added a new item or found the same source already queued.
    public enum EnqueueOutcome: Sendable, Equatable {
        case added(Int64)
        case duplicate(Int64)
    }

    /// Adds `item` unless an item from the same source (job, ticket) is already queued.
    @discardableResult
    public func enqueue(_ item: NewReviewItem) throws -> EnqueueOutcome {
        try database.transaction(.immediate) {
            let time = Self.milliseconds(now())
            try database.execute("""
                INSERT INTO review_items (source_job, source_ticket, request, answer, domain, route_confidence,
                    route_strategy, specialist, audit_score, reasons, flags, verdict, priority, system_prompt, trace,
                    ticket_fields, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source_job, source_ticket) DO NOTHING
                """,
                item.source.job, item.source.ticket, item.request, item.answer, item.domain, item.routeConfidence,
                item.routeStrategy, item.specialist, item.auditScore, JSONValue(item.reasons).jsonText,
                JSONValue(item.flags).jsonText, item.verdict, item.priority, item.systemPrompt, item.trace,
                JSONValue.object(item.ticketFields.mapValues(JSONValue.string)).jsonText, time, time)
            if database.changes == 1 { return .added(database.lastInsertedRowID) }
            let existing = try database.queryOne(
                "SELECT id FROM review_items WHERE source_job = ? AND source_ticket = ?",
                item.source.job, item.source.ticket)
            return .duplicate(try existing?.get("id", as: Int64.self) ?? 0)
        }
    }

    // MARK: Reading

    /// The item with `id`.
    public func item(_ id: Int64) throws -> ReviewItem {
        guard let row = try database.queryOne("SELECT * FROM review_items WHERE id = ?", id) else {
            throw ReviewQueueError.noSuchItem(id)
        }
        return try ReviewItem(row: row)
    }

    /// The decision log of one item, oldest first.
    public func decisions(forItem id: Int64) throws -> [DecisionRecord] {
        try database.query("SELECT * FROM review_decisions WHERE item_id = ? ORDER BY id", id).map(DecisionRecord.init(row:))
    }

    /// The whole decision log, oldest first.
    public func allDecisions() throws -> [DecisionRecord] {
        try database.query("SELECT * FROM review_decisions ORDER BY id").map(DecisionRecord.init(row:))
    }

    // MARK: Claiming

    /// An item together with the lease its reviewer now holds on it.
    public struct Claim: Sendable, Equatable {
        public var item: ReviewItem
        public var lease: Lease
    }

    /// Claims the next item — the highest priority, then oldest, that is pending
    /// or whose lease expired — for `reviewer`, for `duration` seconds.
    /// Returns nil when nothing is claimable.
    public func claimNext(reviewer: String, lease duration: TimeInterval, domain: String? = nil, text: String? = nil,
                          excluding skipped: Set<Int64> = []) throws -> Claim? {
        try Self.check(reviewer: reviewer, lease: duration)
        return try database.transaction(.immediate) {
            let time = Self.milliseconds(now())
            var sql = """
                SELECT * FROM review_items
                WHERE (status = 'pending' OR (status = 'claimed' AND lease_expires_at <= ?))
                """
            var arguments: [any DatabaseValueConvertible] = [time]
            if let domain {
                sql += " AND domain = ?"
                arguments.append(domain)
            }
            if let text, !text.isEmpty {
                sql += " AND (instr(lower(request), lower(?)) > 0 OR instr(lower(answer), lower(?)) > 0)"
                arguments += [text, text]
            }
            if !skipped.isEmpty {
                sql += " AND id NOT IN (" + skipped.map { _ in "?" }.joined(separator: ", ") + ")"
                arguments += skipped.sorted().map { $0 as any DatabaseValueConvertible }
            }
            sql += " ORDER BY priority DESC, created_at, id LIMIT 1"
            let statement = try database.prepare(sql)
            try statement.bind(arguments)
            guard try statement.step() else { return nil }
            let item = try ReviewItem(row: statement.currentRow())
            return try take(item, for: reviewer, duration: duration, at: time)
        }
    }

    /// Claims the item `id` for `reviewer`: a pending item or one whose lease
    /// expired is claimed afresh (new generation); an item this reviewer already
    /// holds gets its lease extended. Anything else is refused.
    public func claim(itemID id: Int64, reviewer: String, lease duration: TimeInterval) throws -> Claim {
        try Self.check(reviewer: reviewer, lease: duration)
        return try database.transaction(.immediate) {
            let time = Self.milliseconds(now())
            let item = try item(id)
            switch item.status {
            case .approved, .rejected, .edited:
                throw ReviewQueueError.alreadyDecided(id: id, status: item.status, by: item.decidedBy)
            case .pending:
                return try take(item, for: reviewer, duration: duration, at: time)
            case .claimed:
                if item.isLeaseExpired(at: Self.date(time)) {
                    return try take(item, for: reviewer, duration: duration, at: time)
                }
                guard item.claimedBy == reviewer else {
                    throw ReviewQueueError.heldByOther(id: id, reviewer: item.claimedBy ?? "?",
                                                       until: item.leaseExpiresAt ?? Self.date(time))
                }
                let lease = Lease(itemID: id, reviewer: reviewer, generation: item.generation,
                                  expiresAt: item.leaseExpiresAt ?? Self.date(time))
                let renewed = try renew(lease, for: duration)
                return Claim(item: try self.item(id), lease: renewed)
            }
        }
    }

    /// Extends a lease that is still current (nobody claimed the item since),
    /// even if it has run out; the generation stays the same.
    public func renew(_ lease: Lease, for duration: TimeInterval) throws -> Lease {
        try Self.check(reviewer: lease.reviewer, lease: duration)
        return try database.transaction(.immediate) {
            let time = Self.milliseconds(now())
            let item = try item(lease.itemID)
            try checkCurrent(lease, of: item)
            let expires = time + Self.milliseconds(duration)
            try database.execute("UPDATE review_items SET lease_expires_at = ?, updated_at = ? WHERE id = ?",
                                 expires, time, item.id)
            var renewed = lease
            renewed.expiresAt = Self.date(expires)
            return renewed
        }
    }

    private func take(_ item: ReviewItem, for reviewer: String, duration: TimeInterval, at time: Int64) throws -> Claim {
        let generation = item.generation + 1
        let expires = time + Self.milliseconds(duration)
        try database.execute("""
            UPDATE review_items SET status = 'claimed', claimed_by = ?, claimed_at = ?, lease_expires_at = ?,
                generation = ?, updated_at = ?
            WHERE id = ?
            """, reviewer, time, expires, generation, time, item.id)
        // Taking over an expired lease is worth a line in the log: it explains a later stale-lease refusal.
        let note = item.status == .claimed ? "lease of \(item.claimedBy ?? "?") (generation \(item.generation)) expired" : nil
        try appendDecision(item: item.id, reviewer: reviewer, action: .claim, generation: generation,
                           before: nil, after: nil, reason: note, at: time)
        let lease = Lease(itemID: item.id, reviewer: reviewer, generation: generation, expiresAt: Self.date(expires))
        return Claim(item: try self.item(item.id), lease: lease)
    }

    // MARK: Deciding

    /// A reviewer's verdict on a claimed item.
    public enum Decision: Sendable, Equatable {
        case approve
        case reject(reason: String)
        /// Approve with a corrected answer.
        case edit(newAnswer: String)
        /// Give the item back to the queue undecided.
        case release
    }

    /// Approves the answer as it is. Only the holder of the current lease may decide.
    @discardableResult
    public func approve(_ lease: Lease) throws -> ReviewItem { try apply(.approve, with: lease) }

    /// Rejects the answer, with a reason the specialist's owners can read.
    @discardableResult
    public func reject(_ lease: Lease, reason: String) throws -> ReviewItem { try apply(.reject(reason: reason), with: lease) }

    /// Approves a corrected answer.
    @discardableResult
    public func edit(_ lease: Lease, newAnswer: String) throws -> ReviewItem { try apply(.edit(newAnswer: newAnswer), with: lease) }

    /// Returns the item to the queue undecided.
    @discardableResult
    public func release(_ lease: Lease) throws -> ReviewItem { try apply(.release, with: lease) }

    /// Sets the domain the request should have been routed to (`out_of_scope` when none), for
    /// the holder of the current lease; logged as a `domain` row. The item stays claimed: the
    /// reviewer still approves, rejects or edits the answer.
    @discardableResult
    public func correctDomain(_ lease: Lease, to domain: String) throws -> ReviewItem {
        let domain = domain.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !domain.isEmpty else { throw ReviewQueueError.missingText(id: lease.itemID, what: "the corrected domain") }
        return try database.transaction(.immediate) {
            let time = Self.milliseconds(now())
            let item = try item(lease.itemID)
            try checkCurrent(lease, of: item)
            if let expires = item.leaseExpiresAt, Self.milliseconds(expires) <= time {
                throw ReviewQueueError.leaseExpired(id: item.id, at: expires)
            }
            try database.execute("UPDATE review_items SET corrected_domain = ?, updated_at = ? WHERE id = ?", domain, time, item.id)
            try database.execute("""
                INSERT INTO review_decisions (item_id, reviewer, action, generation, domain_before, domain_after, at)
                VALUES (?, ?, 'domain', ?, ?, ?, ?)
                """, item.id, lease.reviewer, lease.generation, item.reviewedDomain, domain, time)
            return try self.item(item.id)
        }
    }

    /// Applies `decision` if `lease` is the item's current, unexpired lease; logs it.
    @discardableResult
    public func apply(_ decision: Decision, with lease: Lease) throws -> ReviewItem {
        try database.transaction(.immediate) {
            let time = Self.milliseconds(now())
            let item = try item(lease.itemID)
            try checkCurrent(lease, of: item)
            if let expires = item.leaseExpiresAt, Self.milliseconds(expires) <= time {
                throw ReviewQueueError.leaseExpired(id: item.id, at: expires)
            }
            switch decision {
            case .approve:
                try finish(item, status: .approved, finalAnswer: item.answer, reason: nil, lease: lease, at: time)
            case .reject(let reason):
                let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !reason.isEmpty else { throw ReviewQueueError.missingText(id: item.id, what: "the rejection reason") }
                try finish(item, status: .rejected, finalAnswer: nil, reason: reason, lease: lease, at: time)
            case .edit(let newAnswer):
                guard !newAnswer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw ReviewQueueError.missingText(id: item.id, what: "the edited answer")
                }
                try finish(item, status: .edited, finalAnswer: newAnswer, reason: nil, lease: lease, at: time)
            case .release:
                try database.execute("""
                    UPDATE review_items SET status = 'pending', lease_expires_at = NULL, updated_at = ? WHERE id = ?
                    """, time, item.id)
                try appendDecision(item: item.id, reviewer: lease.reviewer, action: .release, generation: lease.generation,
                                   before: nil, after: nil, reason: nil, at: time)
            }
            return try self.item(item.id)
        }
    }

    /// For command-line use where no lease is at hand: claims the item for
    /// `reviewer` (or reuses the lease they hold) and applies `decision`, in one
    /// transaction. Refused when another reviewer's lease is live.
    @discardableResult
    public func decide(itemID id: Int64, as reviewer: String, _ decision: Decision,
                       lease duration: TimeInterval = 60) throws -> ReviewItem {
        try Self.check(reviewer: reviewer, lease: duration)
        return try database.transaction(.immediate) {
            if decision == .release {
                // Releasing never claims: only a held item can be released.
                let item = try item(id)
                guard item.status == .claimed else {
                    if item.status.isDecided {
                        throw ReviewQueueError.alreadyDecided(id: id, status: item.status, by: item.decidedBy)
                    }
                    throw ReviewQueueError.notClaimed(id: id)
                }
                guard item.claimedBy == reviewer else {
                    throw ReviewQueueError.heldByOther(id: id, reviewer: item.claimedBy ?? "?",
                                                       until: item.leaseExpiresAt ?? now())
                }
                let lease = Lease(itemID: id, reviewer: reviewer, generation: item.generation,
                                  expiresAt: item.leaseExpiresAt ?? now())
                return try apply(.release, with: try renew(lease, for: duration))
            }
            let claim = try claim(itemID: id, reviewer: reviewer, lease: duration)
            return try apply(decision, with: claim.lease)
        }
    }

    private func finish(_ item: ReviewItem, status: ReviewStatus, finalAnswer: String?, reason: String?,
                        lease: Lease, at time: Int64) throws {
        try database.execute("""
            UPDATE review_items SET status = ?, final_answer = ?, reject_reason = ?, decided_by = ?, decided_at = ?,
                lease_expires_at = NULL, updated_at = ?
            WHERE id = ?
            """, status.rawValue, finalAnswer, reason, lease.reviewer, time, time, item.id)
        let action: ReviewAction = status == .approved ? .approve : status == .rejected ? .reject : .edit
        try appendDecision(item: item.id, reviewer: lease.reviewer, action: action, generation: lease.generation,
                           before: item.answer, after: finalAnswer, reason: reason, at: time)
    }

    /// Throws unless `lease` is the item's current claim (right status, holder and generation).
    private func checkCurrent(_ lease: Lease, of item: ReviewItem) throws {
        if item.status.isDecided {
            throw ReviewQueueError.alreadyDecided(id: item.id, status: item.status, by: item.decidedBy)
        }
        if item.generation != lease.generation || item.claimedBy != lease.reviewer {
            throw ReviewQueueError.staleLease(id: item.id, presented: lease.generation, current: item.generation,
                                              holder: item.status == .claimed ? item.claimedBy : nil)
        }
        guard item.status == .claimed else { throw ReviewQueueError.notClaimed(id: item.id) }
    }

    private func appendDecision(item: Int64, reviewer: String, action: ReviewAction, generation: Int64,
                                before: String?, after: String?, reason: String?, at time: Int64) throws {
        try database.execute("""
            INSERT INTO review_decisions (item_id, reviewer, action, generation, answer_before, answer_after, reason, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, item, reviewer, action.rawValue, generation, before, after, reason, time)
    }

    /// Refuses an empty reviewer (a decision must say who made it) and a lease that is not a
    /// positive number of seconds up to `maximumLease`.
    static func check(reviewer: String, lease duration: TimeInterval) throws {
        guard !reviewer.allSatisfy(\.isWhitespace) else { throw ReviewQueueError.invalidReviewer(reviewer) }
        guard duration.isFinite, duration > 0, duration <= maximumLease else { throw ReviewQueueError.invalidLease(duration) }
    }

    // MARK: Time

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func milliseconds(_ interval: TimeInterval) -> Int64 { Int64((interval * 1000).rounded()) }
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
