-- Per-key rate limits set through /admin/keys and `frugal keys` (issue #19 item 5): one row per key id, enforced beside
-- the config's budgets.rateLimits. A table of its own rather than rows of budget_definitions: those rows are budgets
-- (read back through the budgets section's reader, counted by `budgets list` and the spend seeding), and a rate limit
-- is none of that. NULL in a limit column = that counter is not limited; removing the limit deletes the row.
CREATE TABLE key_rate_limits (
    key_id               TEXT PRIMARY KEY,
    requests_per_minute  INTEGER,
    tokens_per_minute    INTEGER,
    max_output_tokens    INTEGER,
    updated_ms           INTEGER NOT NULL
);
