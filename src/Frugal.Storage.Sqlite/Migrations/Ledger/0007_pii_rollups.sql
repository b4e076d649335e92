-- Personal data on the dashboard (issue #18): the values the privacy stage acted on, summed per hour in the rollups
-- (dims 'pii' = route + U+001F + entity type and 'pii_key' = key id + U+001F + entity type), so the dashboard's
-- "Personal data masked" panel never scans the ledger. ADD COLUMN only, so this step commutes with other steps.
-- Rows written before this step are not in the new dims (their hours were rolled up already); `frugal report --by pii`
-- reads ledger.pii_entities directly and covers them.
ALTER TABLE ledger_rollup_hourly ADD COLUMN pii_values INTEGER NOT NULL DEFAULT 0;
