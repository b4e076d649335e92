-- cache.db as main wrote it before schema versions (edbb157): exact-cache answers and the semantic cache's event log.
-- IF NOT EXISTS everywhere: on a file written by that code this step changes nothing and only stamps version 1.
-- Shipped: never edit this file; a schema change is a new numbered step.
CREATE TABLE IF NOT EXISTS cache_entries (
    key         TEXT PRIMARY KEY,
    payload     BLOB NOT NULL,
    expires_ms  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cache_entries_expiry ON cache_entries(expires_ms);

CREATE TABLE IF NOT EXISTS semantic_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         INTEGER NOT NULL,
    entry_key    TEXT NOT NULL,
    context_key  TEXT NOT NULL,
    vector       BLOB,
    text         TEXT,
    threshold    REAL NOT NULL,
    expires_ms   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS semantic_log_entry ON semantic_log(entry_key);
