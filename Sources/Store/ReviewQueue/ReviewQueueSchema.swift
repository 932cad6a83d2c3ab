/// The review queue's tables. Times are integer milliseconds since 1970 (UTC).
///
/// Nothing is ever deleted: triggers refuse DELETE on items and the log, and
/// any UPDATE of the log, so even a buggy caller cannot lose a decision.
enum ReviewQueueSchema {
    static let migrations: [Migration] = [
        Migration("review-queue-1-items-and-decisions", sql: """
            CREATE TABLE review_items (
                id INTEGER PRIMARY KEY,
                source_job TEXT NOT NULL,
                source_ticket TEXT NOT NULL,
                request TEXT NOT NULL,
                answer TEXT NOT NULL,
                domain TEXT,
                route_confidence REAL,
                route_strategy TEXT,
                specialist TEXT,
                audit_score REAL,
                reasons TEXT NOT NULL DEFAULT '[]',
                flags TEXT NOT NULL DEFAULT '[]',
                verdict TEXT,
                priority INTEGER NOT NULL DEFAULT 0,
                system_prompt TEXT,
                trace TEXT,
                status TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'claimed', 'approved', 'rejected', 'edited')),
                final_answer TEXT,
                claimed_by TEXT,
                claimed_at INTEGER,
                lease_expires_at INTEGER,
                generation INTEGER NOT NULL DEFAULT 0,
                decided_by TEXT,
                decided_at INTEGER,
                reject_reason TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (source_job, source_ticket)
            );
            CREATE INDEX review_items_by_claim_order ON review_items (status, priority DESC, created_at, id);
            CREATE INDEX review_items_by_domain ON review_items (domain, status);

            CREATE TABLE review_decisions (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES review_items (id),
                reviewer TEXT NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('claim', 'release', 'approve', 'reject', 'edit')),
                generation INTEGER NOT NULL,
                answer_before TEXT,
                answer_after TEXT,
                reason TEXT,
                at INTEGER NOT NULL
            );
            CREATE INDEX review_decisions_by_item ON review_decisions (item_id, id);

            CREATE TRIGGER review_decisions_append_only_update BEFORE UPDATE ON review_decisions
            BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
            CREATE TRIGGER review_decisions_append_only_delete BEFORE DELETE ON review_decisions
            BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
            CREATE TRIGGER review_items_never_deleted BEFORE DELETE ON review_items
            BEGIN SELECT RAISE(ABORT, 'review items are never deleted'); END;
            """),
        // The ticket's own fields travel with its review item (the result record's `ticket`).
        Migration("review-queue-2-ticket-fields", sql: """
            ALTER TABLE review_items ADD COLUMN ticket_fields TEXT NOT NULL DEFAULT '{}';
            """),
        // A reviewer can correct the routed domain (`apiary review`, key d): the item keeps the
        // correction, and the log gets a `domain` row with the domains before and after. The log
        // is rebuilt to allow the new action (SQLite cannot alter a CHECK); its rows are copied
        // as they are and its append-only triggers come back.
        Migration("review-queue-3-domain-corrections", sql: """
            ALTER TABLE review_items ADD COLUMN corrected_domain TEXT;
            DROP TRIGGER review_decisions_append_only_update;
            DROP TRIGGER review_decisions_append_only_delete;
            CREATE TABLE review_decisions_3 (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES review_items (id),
                reviewer TEXT NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('claim', 'release', 'approve', 'reject', 'edit', 'domain')),
                generation INTEGER NOT NULL,
                answer_before TEXT,
                answer_after TEXT,
                reason TEXT,
                at INTEGER NOT NULL,
                domain_before TEXT,
                domain_after TEXT
            );
            INSERT INTO review_decisions_3 (id, item_id, reviewer, action, generation, answer_before, answer_after, reason, at)
                SELECT id, item_id, reviewer, action, generation, answer_before, answer_after, reason, at FROM review_decisions;
            DROP TABLE review_decisions;
            ALTER TABLE review_decisions_3 RENAME TO review_decisions;
            CREATE INDEX review_decisions_by_item ON review_decisions (item_id, id);
            CREATE TRIGGER review_decisions_append_only_update BEFORE UPDATE ON review_decisions
            BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
            CREATE TRIGGER review_decisions_append_only_delete BEFORE DELETE ON review_decisions
            BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
            """),
    ]
}
