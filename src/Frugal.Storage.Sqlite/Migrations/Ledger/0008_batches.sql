-- Batch jobs (issue #15): each finished line of a batch is one ledger row, written once even when the gateway restarts
-- mid-batch: the row carries its batch id and custom_id and the pair is unique, so a line billed again after a crash
-- is skipped by the INSERT (and its rollups are not folded twice). NULL on every other row. ADD COLUMN only.
-- Shipped: never edit this file; a schema change is a new numbered step.
ALTER TABLE ledger ADD COLUMN batch_id TEXT;
ALTER TABLE ledger ADD COLUMN custom_id TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS ledger_batch_line ON ledger(batch_id, custom_id) WHERE batch_id IS NOT NULL;
