-- Savings stay honest (issue #14): when feedback says a cached answer was wrong, the saving that hit claimed is
-- no longer counted. The row stays; "feedback" marks it ('wrong') and saving_voided_nusd keeps what was taken off
-- its saved_* columns. The rollups carry the voided total so the dashboard can say how much feedback took back.
-- ADD COLUMN only: existing rows read as "no feedback, nothing voided".
ALTER TABLE ledger ADD COLUMN feedback TEXT;
ALTER TABLE ledger ADD COLUMN saving_voided_nusd INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_rollup_hourly ADD COLUMN saving_voided_nusd INTEGER NOT NULL DEFAULT 0;
