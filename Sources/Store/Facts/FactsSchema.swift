/// What the dashboard reads: per ticket and per job, tokens, seconds, CPU
/// time, energy and the model of each role, recorded as results commit.
///
/// `seconds` is the pipeline's own time for the ticket (its latency);
/// `wall_seconds`, `cpu_seconds` and `energy_joules` are the job's wall time,
/// the process's CPU time and the RAPL package energy since the previous
/// result, so a job's sums are its totals even though tickets run in batches.
/// `energy_joules` is NULL where RAPL was unreadable. Jobs keep running sums.
/// Results recorded before this migration are backfilled from their result
/// lines (tokens, seconds, domain, verdict, audit score; no CPU time or energy):
/// result records (`audit.score`) and the lines of releases before them (`score`).
/// It runs after `batch-jobs-2-positions-and-verdicts`, whose `verdict` column it reads.
enum FactsSchema {
    static let migrations: [Migration] = [
        Migration("facts-1-ticket-and-job-facts", sql: """
            CREATE TABLE ticket_facts (
                job_id TEXT NOT NULL REFERENCES batch_jobs (id),
                ticket TEXT NOT NULL,
                domain TEXT,
                verdict TEXT NOT NULL,
                audit_score REAL,
                tokens_in INTEGER NOT NULL DEFAULT 0,
                tokens_out INTEGER NOT NULL DEFAULT 0,
                seconds REAL NOT NULL DEFAULT 0,
                wall_seconds REAL NOT NULL DEFAULT 0,
                cpu_seconds REAL NOT NULL DEFAULT 0,
                energy_joules REAL,
                models TEXT NOT NULL DEFAULT '{}',
                recorded_at INTEGER NOT NULL,
                PRIMARY KEY (job_id, ticket)
            );
            CREATE INDEX ticket_facts_by_time ON ticket_facts (recorded_at);
            CREATE INDEX ticket_facts_by_domain ON ticket_facts (domain, seconds);
            ALTER TABLE batch_jobs ADD COLUMN tokens_in INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE batch_jobs ADD COLUMN tokens_out INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE batch_jobs ADD COLUMN wall_seconds REAL NOT NULL DEFAULT 0;
            ALTER TABLE batch_jobs ADD COLUMN cpu_seconds REAL NOT NULL DEFAULT 0;
            ALTER TABLE batch_jobs ADD COLUMN energy_joules REAL;
            ALTER TABLE batch_jobs ADD COLUMN models TEXT NOT NULL DEFAULT '{}';

            INSERT INTO ticket_facts (job_id, ticket, domain, verdict, audit_score, tokens_in, tokens_out, seconds, recorded_at)
            SELECT job_id, ticket, json_extract(result, '$.domain'), COALESCE(verdict, json_extract(result, '$.verdict'), 'unknown'),
                   COALESCE(json_extract(result, '$.audit.score'), json_extract(result, '$.score')), COALESCE(json_extract(result, '$.tokens_in'), 0),
                   COALESCE(json_extract(result, '$.tokens_out'), 0), COALESCE(json_extract(result, '$.seconds'), 0), updated_at
            FROM batch_items WHERE state = 'done' AND json_valid(result);
            UPDATE batch_jobs SET
                tokens_in = (SELECT COALESCE(SUM(tokens_in), 0) FROM ticket_facts WHERE job_id = batch_jobs.id),
                tokens_out = (SELECT COALESCE(SUM(tokens_out), 0) FROM ticket_facts WHERE job_id = batch_jobs.id);
            """),
    ]
}
