/// Tables of batch jobs. Times are integer milliseconds since 1970 (UTC).
///
/// `batch_items.position` is a record's place in the input (rejected records
/// count); `write_seq` orders finished results as they are to appear in the
/// output file (input order, given once every earlier record is done); `batch_jobs.written_seq` and `output_bytes` record how far
/// the file is known to be complete. Together they make the file rebuildable
/// after a crash at any instant (see `BatchJobStore`).
enum BatchJobSchema {
    static let migrations: [Migration] = [
        Migration("batch-jobs-1-jobs-and-items", sql: """
            CREATE TABLE batch_jobs (
                id TEXT PRIMARY KEY NOT NULL,
                swarm TEXT NOT NULL,
                input TEXT NOT NULL,
                input_bytes INTEGER NOT NULL,
                output TEXT NOT NULL,
                options TEXT NOT NULL DEFAULT '{}',
                status TEXT NOT NULL DEFAULT 'created'
                    CHECK (status IN ('created', 'running', 'interrupted', 'finished', 'failed')),
                total INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0,
                last_seq INTEGER NOT NULL DEFAULT 0,
                written_seq INTEGER NOT NULL DEFAULT 0,
                output_bytes INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                finished_at INTEGER
            );
            CREATE TABLE batch_items (
                job_id TEXT NOT NULL REFERENCES batch_jobs (id),
                ticket TEXT NOT NULL,
                line INTEGER NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'rejected')),
                result TEXT,
                reason TEXT,
                write_seq INTEGER,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (job_id, ticket)
            );
            CREATE INDEX batch_items_by_state ON batch_items (job_id, state, line);
            CREATE UNIQUE INDEX batch_items_by_write_seq ON batch_items (job_id, write_seq) WHERE write_seq IS NOT NULL;
            """),
        // Results are written in input order (`position`); `verdict` lets `apiary jobs` count
        // failed tickets without parsing results. Rows of older jobs get their source line as
        // position (the same order for tickets; their rejections, at line 0, were already
        // written) and the verdict from their result line.
        Migration("batch-jobs-2-positions-and-verdicts", sql: """
            ALTER TABLE batch_items ADD COLUMN position INTEGER;
            ALTER TABLE batch_items ADD COLUMN verdict TEXT;
            UPDATE batch_items SET position = line;
            UPDATE batch_items SET verdict = json_extract(result, '$.verdict') WHERE result IS NOT NULL AND json_valid(result);
            CREATE INDEX batch_items_by_position ON batch_items (job_id, state, position);
            """),
        // Shards (`--shard K/N`): which one, the whole input's record count and its digest, for
        // `apiary batch merge`; and items by position alone, which the merge reads in input order.
        Migration("batch-jobs-3-shards", sql: """
            ALTER TABLE batch_jobs ADD COLUMN shard_index INTEGER;
            ALTER TABLE batch_jobs ADD COLUMN shard_count INTEGER;
            ALTER TABLE batch_jobs ADD COLUMN input_records INTEGER;
            ALTER TABLE batch_jobs ADD COLUMN input_fingerprint TEXT;
            CREATE INDEX batch_items_by_input_position ON batch_items (job_id, position);
            """),
    ]
}
