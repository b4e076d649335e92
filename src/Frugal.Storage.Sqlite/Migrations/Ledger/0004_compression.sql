-- Prompt compression (issue #17): prompt tokens before/after the compression stage (NULL = the stage did not count
-- the prompt), and the compressed request beside the client's body when bodies are kept. The saving itself already
-- has its column (saved_compression_nusd, in ledger and ledger_rollup_hourly). ADD COLUMN only.
-- Shipped: never edit this file; a schema change is a new numbered step.
ALTER TABLE ledger ADD COLUMN compression_tokens_before INTEGER;
ALTER TABLE ledger ADD COLUMN compression_tokens_after INTEGER;
ALTER TABLE ledger ADD COLUMN compressed_request_body TEXT;
