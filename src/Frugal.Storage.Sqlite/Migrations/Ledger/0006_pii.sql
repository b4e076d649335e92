-- Privacy audit (issue #18): the personal-data values the privacy stage acted on per request, by entity type, as
-- compact JSON ({"EMAIL_ADDRESS":2,"PHONE_NUMBER":1}); NULL when the stage found nothing or did not run.
-- ADD COLUMN only. Shipped: never edit this file; a schema change is a new numbered step.
ALTER TABLE ledger ADD COLUMN pii_entities TEXT;
