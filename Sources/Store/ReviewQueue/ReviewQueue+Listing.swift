/// Listing the queue: filtered, in claim order, a page at a time — what `queue list` and the
/// review screen show. Counting, paging and finding an item's position all run in SQL, so a
/// queue of any size is never read whole.
extension ReviewQueue {
    /// Which items a listing shows: statuses (all when empty), a domain, and text that the
    /// request or the answer contains (ASCII case-insensitive).
    public struct Filter: Sendable, Equatable {
        public var statuses: [ReviewStatus]
        public var domain: String?
        public var text: String?

        public init(statuses: [ReviewStatus] = [], domain: String? = nil, text: String? = nil) {
            self.statuses = statuses
            self.domain = domain
            self.text = text
        }

        /// The WHERE clause (empty when nothing is filtered) and its arguments.
        var condition: (sql: String, arguments: [any DatabaseValueConvertible]) {
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if !statuses.isEmpty {
                conditions.append("status IN (" + statuses.map { _ in "?" }.joined(separator: ", ") + ")")
                arguments += statuses.map(\.rawValue)
            }
            if let domain {
                conditions.append("domain = ?")
                arguments.append(domain)
            }
            if let text, !text.isEmpty {
                conditions.append("(instr(lower(request), lower(?)) > 0 OR instr(lower(answer), lower(?)) > 0)")
                arguments += [text, text]
            }
            return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), arguments)
        }
    }

    /// Items in claim order (priority, then age), filtered.
    /// - Parameters:
    ///   - statuses: only these statuses (all when empty).
    ///   - domain: only this domain.
    ///   - text: only items whose request or answer contains this text (ASCII case-insensitive).
    public func items(statuses: [ReviewStatus] = [], domain: String? = nil, text: String? = nil,
                      limit: Int? = nil) throws -> [ReviewItem] {
        try items(Filter(statuses: statuses, domain: domain, text: text), offset: 0, limit: limit)
    }

    /// One page of the items matching `filter`, in claim order: `limit` items from position `offset`.
    public func items(_ filter: Filter, offset: Int, limit: Int?) throws -> [ReviewItem] {
        let (condition, arguments) = filter.condition
        var sql = "SELECT * FROM review_items" + condition + " ORDER BY priority DESC, created_at, id"
        if let limit { sql += " LIMIT \(max(0, limit)) OFFSET \(max(0, offset))" }
        let statement = try database.prepare(sql)
        try statement.bind(arguments)
        return try statement.rows().map(ReviewItem.init(row:))
    }

    /// How many items match `filter`.
    public func count(_ filter: Filter) throws -> Int {
        let (condition, arguments) = filter.condition
        let statement = try database.prepare("SELECT count(*) FROM review_items" + condition)
        try statement.bind(arguments)
        guard try statement.step() else { return 0 }
        return Int(try statement.currentRow().get(at: 0, as: Int64.self))
    }

    /// The position of item `id` in the claim order of `filter`, or nil when it does not match.
    public func position(of id: Int64, in filter: Filter) throws -> Int? {
        guard let row = try database.queryOne("SELECT priority, created_at FROM review_items WHERE id = ?", id) else { return nil }
        let priority: Int64 = try row.get("priority")
        let created: Int64 = try row.get("created_at")
        var (condition, arguments) = filter.condition
        let matches = try database.prepare("SELECT 1 FROM review_items" + condition + (condition.isEmpty ? " WHERE" : " AND") + " id = ?")
        try matches.bind(arguments + [id])
        guard try matches.step() else { return nil }
        // Items before it in claim order: higher priority, or equal priority and older (id breaks ties).
        condition += (condition.isEmpty ? " WHERE " : " AND ")
            + "(priority > ? OR (priority = ? AND (created_at < ? OR (created_at = ? AND id < ?))))"
        arguments += [priority, priority, created, created, id]
        let statement = try database.prepare("SELECT count(*) FROM review_items" + condition)
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return Int(try statement.currentRow().get(at: 0, as: Int64.self))
    }

    /// The domains items were routed or corrected to, sorted: what a reviewer can pick from when
    /// correcting a domain without the swarm file at hand.
    public func knownDomains() throws -> [String] {
        try database.query("""
            SELECT domain AS name FROM review_items WHERE domain IS NOT NULL
            UNION SELECT corrected_domain FROM review_items WHERE corrected_domain IS NOT NULL
            ORDER BY name
            """).map { try $0.get("name") }
    }
}
