-- batches.db (issue #15): Frugal's Files + Batches. File contents live on disk (<dataDir>/files/<id>.jsonl); a job's
-- lines are copied here when it is created, so the coordinator resumes from this file alone after a restart.
-- Shipped: never edit this file; a schema change is a new numbered step.
CREATE TABLE IF NOT EXISTS batch_files (
    id          TEXT PRIMARY KEY,
    key_id      TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    filename    TEXT NOT NULL,
    bytes       INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    lines       INTEGER NOT NULL DEFAULT 0,
    endpoint    TEXT,
    model       TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS batch_files_key ON batch_files(key_id, created_at);

CREATE TABLE IF NOT EXISTS batch_jobs (
    seq               INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    key_id            TEXT NOT NULL,
    key_name          TEXT NOT NULL,
    team              TEXT,
    tags              TEXT NOT NULL DEFAULT '[]',
    store_bodies      INTEGER NOT NULL DEFAULT 0,
    origin            TEXT NOT NULL,
    endpoint          TEXT NOT NULL,
    requested_model   TEXT NOT NULL,
    model             TEXT NOT NULL,
    provider          TEXT NOT NULL,
    upstream_model    TEXT NOT NULL,
    execution         TEXT NOT NULL,
    retry_policy      TEXT NOT NULL,
    status            TEXT NOT NULL,
    input_file_id     TEXT,
    output_file_id    TEXT,
    error_file_id     TEXT,
    metadata          TEXT NOT NULL DEFAULT '{}',
    errors            TEXT,
    total             INTEGER NOT NULL,
    completed         INTEGER NOT NULL DEFAULT 0,
    failed            INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    in_progress_at    INTEGER,
    finalizing_at     INTEGER,
    completed_at      INTEGER,
    failed_at         INTEGER,
    expired_at        INTEGER,
    cancelling_at     INTEGER,
    cancelled_at      INTEGER,
    expires_at        INTEGER NOT NULL,
    provider_attempt  INTEGER NOT NULL DEFAULT 0,
    provider_batch_id TEXT,
    provider_cancel_sent INTEGER NOT NULL DEFAULT 0,
    next_poll_at      INTEGER NOT NULL DEFAULT 0,
    poll_failures     INTEGER NOT NULL DEFAULT 0,
    -- deferral's submission id (metadata frugal_deferral_submission): a second submit of it returns this job
    submission        TEXT
);
CREATE INDEX IF NOT EXISTS batch_jobs_key ON batch_jobs(key_id, origin, seq);
CREATE INDEX IF NOT EXISTS batch_jobs_status ON batch_jobs(status);
CREATE UNIQUE INDEX IF NOT EXISTS batch_jobs_submission ON batch_jobs(key_id, submission) WHERE submission IS NOT NULL;

-- One row per provider batch a job created (a retry creates another): its id and where its results are.
CREATE TABLE IF NOT EXISTS batch_attempts (
    batch_id          TEXT NOT NULL,
    attempt           INTEGER NOT NULL,
    provider_batch_id TEXT NOT NULL,
    status            TEXT NOT NULL,
    output_locator    TEXT,
    error_locator     TEXT,
    created_at        INTEGER NOT NULL,
    PRIMARY KEY (batch_id, attempt)
);

-- state: pending (not finished; submitted to the current provider batch when attempt = the job's provider_attempt)
-- or done (status_code + result are final, billed in ledger.db).
CREATE TABLE IF NOT EXISTS batch_lines (
    batch_id     TEXT NOT NULL,
    line_no      INTEGER NOT NULL,
    custom_id    TEXT NOT NULL,
    body         BLOB NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending',
    attempt      INTEGER NOT NULL DEFAULT 0,
    tries        INTEGER NOT NULL DEFAULT 0,
    status_code  INTEGER,
    result       BLOB,
    cost_nusd    INTEGER,
    PRIMARY KEY (batch_id, line_no)
);
CREATE UNIQUE INDEX IF NOT EXISTS batch_lines_custom_id ON batch_lines(batch_id, custom_id);
CREATE INDEX IF NOT EXISTS batch_lines_state ON batch_lines(batch_id, state);
