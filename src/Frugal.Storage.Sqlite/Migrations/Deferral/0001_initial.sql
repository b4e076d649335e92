-- deferral.db: calls answered 202 and gathered into Frugal's batch jobs (see SqliteDeferredStore).
-- status: 0 pending, 1 submitting (claimed by submission_id, batch not yet stored), 2 submitted, 3 completed, 4 failed.
-- webhook_state: 0 none, 1 due (at webhook_next_ms), 2 delivered, 3 abandoned after webhook_attempts.
CREATE TABLE deferred_calls (
    id               TEXT    NOT NULL PRIMARY KEY,
    key_id           TEXT    NOT NULL,
    key_name         TEXT    NOT NULL,
    team             TEXT,
    tags             TEXT    NOT NULL,
    store_bodies     INTEGER NOT NULL,
    model            TEXT    NOT NULL,
    body             BLOB    NOT NULL,
    webhook_url      TEXT,
    status           INTEGER NOT NULL,
    submission_id    TEXT,
    batch_id         TEXT,
    created_ms       INTEGER NOT NULL,
    submitted_ms     INTEGER,
    finished_ms      INTEGER,
    result_status    INTEGER,
    result_body      BLOB,
    cost_nusd        INTEGER,
    webhook_state    INTEGER NOT NULL DEFAULT 0,
    webhook_attempts INTEGER NOT NULL DEFAULT 0,
    webhook_next_ms  INTEGER
);

CREATE INDEX deferred_pending ON deferred_calls (status, key_id, model, created_ms);
CREATE INDEX deferred_submission ON deferred_calls (submission_id) WHERE submission_id IS NOT NULL;
CREATE INDEX deferred_webhooks ON deferred_calls (webhook_state, webhook_next_ms) WHERE webhook_state = 1;
CREATE INDEX deferred_finished ON deferred_calls (finished_ms) WHERE finished_ms IS NOT NULL;
