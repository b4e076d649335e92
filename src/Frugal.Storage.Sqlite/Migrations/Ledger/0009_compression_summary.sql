-- Prompt compression (issue #17): what the summary of dropped history turns cost the request, in nano-USD (NULL = no
-- summary; 0 = taken from the summary cache). It is already included in cost_nusd; this column says how much of it.
-- ADD COLUMN only.
-- Shipped: never edit this file; a schema change is a new numbered step.
ALTER TABLE ledger ADD COLUMN compression_summary_nusd INTEGER;
