-- frugal.db as main wrote it before schema versions (edbb157): virtual keys, run-time budgets and resets, budget
-- alerts and their marks, the ledger's spend-source id. IF NOT EXISTS everywhere: on a file written by that code this
-- step changes nothing and only stamps version 1. Shipped: never edit this file; a schema change is a new numbered step.
CREATE TABLE IF NOT EXISTS virtual_keys (
    id           TEXT PRIMARY KEY,
    key_hash     TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    team         TEXT,
    tags         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    store_bodies INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS virtual_keys_name ON virtual_keys(name);

CREATE TABLE IF NOT EXISTS budget_definitions (
    id          TEXT PRIMARY KEY,
    json        TEXT NOT NULL,
    updated_ms  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS budget_resets (
    id          TEXT PRIMARY KEY,
    reset_ms    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS budget_alerts (
    budget_id   TEXT NOT NULL,
    period_ms   INTEGER NOT NULL,
    threshold   TEXT NOT NULL,
    action      TEXT NOT NULL,
    scope       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    window      TEXT NOT NULL,
    limit_nusd  INTEGER NOT NULL,
    spent_nusd  INTEGER NOT NULL,
    fired_ms    INTEGER NOT NULL,
    PRIMARY KEY (budget_id, period_ms, threshold)
);

CREATE TABLE IF NOT EXISTS budget_alert_marks (
    budget_id   TEXT NOT NULL,
    period_ms   INTEGER NOT NULL,
    threshold   TEXT NOT NULL,
    PRIMARY KEY (budget_id, period_ms, threshold)
);

CREATE TABLE IF NOT EXISTS budget_spend_source (only INTEGER PRIMARY KEY CHECK (only = 1), id TEXT NOT NULL);
