-- ledger.db as main wrote it before schema versions (edbb157): the ledger, its hourly rollups, shadow router labels.
-- IF NOT EXISTS everywhere: on a file written by that code this step changes nothing and only stamps version 1.
-- Shipped: never edit this file; a schema change is a new numbered step.
CREATE TABLE IF NOT EXISTS ledger (
    id                        INTEGER PRIMARY KEY,
    ts_ms                     INTEGER NOT NULL,
    request_id                TEXT NOT NULL,
    endpoint                  TEXT NOT NULL,
    key_id                    TEXT NOT NULL,
    key_name                  TEXT,
    team                      TEXT,
    tags                      TEXT NOT NULL DEFAULT '[]',
    requested_model           TEXT,
    model                     TEXT,
    upstream_model            TEXT,
    provider                  TEXT,
    attempts                  INTEGER NOT NULL DEFAULT 0,
    attempt_log               TEXT,
    input_tokens              INTEGER NOT NULL DEFAULT 0,
    cached_input_tokens       INTEGER NOT NULL DEFAULT 0,
    cache_write_5m_tokens     INTEGER NOT NULL DEFAULT 0,
    cache_write_1h_tokens     INTEGER NOT NULL DEFAULT 0,
    output_tokens             INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens          INTEGER NOT NULL DEFAULT 0,
    usage_estimated           INTEGER NOT NULL DEFAULT 0,
    cost_nusd                 INTEGER,
    saved_nusd                INTEGER NOT NULL DEFAULT 0,
    saved_cache_nusd          INTEGER NOT NULL DEFAULT 0,
    saved_semantic_cache_nusd INTEGER NOT NULL DEFAULT 0,
    saved_routing_nusd        INTEGER NOT NULL DEFAULT 0,
    saved_compression_nusd    INTEGER NOT NULL DEFAULT 0,
    saved_batch_nusd          INTEGER NOT NULL DEFAULT 0,
    saved_provider_cache_nusd INTEGER NOT NULL DEFAULT 0,
    latency_ms                REAL NOT NULL DEFAULT 0,
    ttft_ms                   REAL,
    status                    INTEGER NOT NULL,
    error_code                TEXT,
    cache_outcome             TEXT NOT NULL DEFAULT 'none',
    streamed                  INTEGER NOT NULL DEFAULT 0,
    batched                   INTEGER NOT NULL DEFAULT 0,
    request_body              TEXT,
    response_body             TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS ledger_request_id ON ledger(request_id);
CREATE INDEX IF NOT EXISTS ledger_ts ON ledger(ts_ms);

CREATE TABLE IF NOT EXISTS ledger_rollup_hourly (
    hour_ms                   INTEGER NOT NULL,
    dim                       TEXT NOT NULL,
    value                     TEXT NOT NULL,
    label                     TEXT,
    requests                  INTEGER NOT NULL DEFAULT 0,
    errors                    INTEGER NOT NULL DEFAULT 0,
    input_tokens              INTEGER NOT NULL DEFAULT 0,
    output_tokens             INTEGER NOT NULL DEFAULT 0,
    cost_nusd                 INTEGER NOT NULL DEFAULT 0,
    unpriced                  INTEGER NOT NULL DEFAULT 0,
    saved_nusd                INTEGER NOT NULL DEFAULT 0,
    saved_cache_nusd          INTEGER NOT NULL DEFAULT 0,
    saved_semantic_cache_nusd INTEGER NOT NULL DEFAULT 0,
    saved_routing_nusd        INTEGER NOT NULL DEFAULT 0,
    saved_compression_nusd    INTEGER NOT NULL DEFAULT 0,
    saved_batch_nusd          INTEGER NOT NULL DEFAULT 0,
    saved_provider_cache_nusd INTEGER NOT NULL DEFAULT 0,
    cache_hits                INTEGER NOT NULL DEFAULT 0,
    semantic_hits             INTEGER NOT NULL DEFAULT 0,
    cache_lookups             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour_ms, dim, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ledger_rollup_dim ON ledger_rollup_hourly(dim, hour_ms);

CREATE TABLE IF NOT EXISTS ledger_latency_hourly (
    hour_ms INTEGER NOT NULL,
    metric  TEXT NOT NULL,
    bucket  INTEGER NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (hour_ms, metric, bucket)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS router_labels (
    id              INTEGER PRIMARY KEY,
    ts_ms           INTEGER NOT NULL,
    request_id      TEXT NOT NULL,
    route           TEXT NOT NULL,
    prompt          TEXT NOT NULL,
    weak_model      TEXT NOT NULL,
    strong_model    TEXT NOT NULL,
    judge_model     TEXT NOT NULL,
    weak_good       INTEGER NOT NULL,
    judge_verdict   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS router_labels_route ON router_labels(route, id);
