-- The installed_rank each tenant's flyway_schema_history had when the rollout planned it: the
-- region migrates on that word and the history's primary key refuses it if the schema changed
-- since (see sql/region V7). NULL: unknown, the region reads the real version first.
ALTER TABLE rollout_tenant ADD COLUMN from_rank integer;
