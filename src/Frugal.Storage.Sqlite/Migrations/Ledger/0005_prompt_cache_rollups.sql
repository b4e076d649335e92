-- Provider prompt caching on the dashboard (issue #16): the write premium per ledger row, and the hourly rollup
-- columns the dashboard's provider-cache panel reads (it never scans the ledger). ADD COLUMN only, so this step
-- commutes with other helpers' steps.
-- NULL on rows written before this step: the rollups count a row in dim 'route_model' only when it is NOT NULL,
-- so the panel's shares are over calls recorded since this step (old hours have no cache columns to share over).
ALTER TABLE ledger ADD COLUMN cache_write_premium_nusd INTEGER;   -- cache-write tokens x (write price - input price)
ALTER TABLE ledger_rollup_hourly ADD COLUMN cached_input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_rollup_hourly ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;       -- 5-minute + 1-hour writes
ALTER TABLE ledger_rollup_hourly ADD COLUMN cache_write_premium_nusd INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_rollup_hourly ADD COLUMN prompt_cache_measured INTEGER NOT NULL DEFAULT 0;    -- calls the prompt-cache stage measured
ALTER TABLE ledger_rollup_hourly ADD COLUMN prompt_cache_eligible INTEGER NOT NULL DEFAULT 0;    -- of those, prefix >= the model's minimum
