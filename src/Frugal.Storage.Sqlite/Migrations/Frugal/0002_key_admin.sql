-- Key administration (issue #19 item 5): expiry, allowed models/routes, and one active key per name.
-- expires_at: ISO-8601 UTC or NULL (never expires). allowed_models: JSON array of model or route names, NULL = any.
ALTER TABLE virtual_keys ADD COLUMN expires_at TEXT;
ALTER TABLE virtual_keys ADD COLUMN allowed_models TEXT;
-- Files written before this step may hold several active keys with one name (keys create accepted duplicates). A plain
-- unique index would make this step fail on them, so each such key is marked legacy_duplicate = 1 — all of them, none
-- is privileged — and the index covers only active keys that are not marked. The marked keys keep working; the
-- administration code still counts them when it refuses a new key of the same name and when `keys revoke NAME` must
-- name the candidates, and revoking them by id clears the clash.
ALTER TABLE virtual_keys ADD COLUMN legacy_duplicate INTEGER NOT NULL DEFAULT 0;
UPDATE virtual_keys SET legacy_duplicate = 1
WHERE revoked_at IS NULL
  AND name IN (SELECT name FROM virtual_keys WHERE revoked_at IS NULL GROUP BY name HAVING COUNT(*) > 1);
CREATE UNIQUE INDEX virtual_keys_active_name ON virtual_keys(name) WHERE revoked_at IS NULL AND legacy_duplicate = 0;
