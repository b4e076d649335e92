-- Prompt caching (issue #16): what the prompt-cache stage saw and did, for `frugal report --by prefix`.
-- NULL on rows the stage did not run on. ADD COLUMN only, so this step commutes with other 0002 steps.
ALTER TABLE ledger ADD COLUMN prompt_prefix TEXT;                 -- "route #hash8" or "route: system prompt varies at char N"
ALTER TABLE ledger ADD COLUMN prompt_prefix_tokens INTEGER;       -- estimated tokens of tools + system prompt
ALTER TABLE ledger ADD COLUMN prompt_cache_min_tokens INTEGER;    -- the model's minimum cacheable length
ALTER TABLE ledger ADD COLUMN prompt_cache_breakpoints INTEGER;   -- cache_control markers Frugal placed
ALTER TABLE ledger ADD COLUMN prompt_prefix_varying_nusd INTEGER; -- estimated cost of the varying start of the system prompt
