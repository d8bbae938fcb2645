-- Tenants migrated per round trip and commit (each in a subtransaction of its own).
ALTER TABLE rollout_run ADD COLUMN batch_size integer NOT NULL DEFAULT 16 CHECK (batch_size BETWEEN 1 AND 64);
