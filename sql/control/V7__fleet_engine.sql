-- The fleet-job engine (io.tenantfleet.fleet): Spring Batch partitioned steps, locally or on
-- worker processes that take partitions from a queue kept here.

-- Each rollout tenant belongs to one lane of its region's wave: a lane is one partition, and a
-- region's lanes run at once (its concurrency). Assigned when the run is planned, never changed,
-- so a restarted run finds the same partitions.
ALTER TABLE rollout_tenant ADD COLUMN lane integer NOT NULL DEFAULT 0 CHECK (lane >= 0);
DROP INDEX rollout_tenant_wave_idx;
CREATE INDEX rollout_tenant_partition_idx ON rollout_tenant (run_id, wave, region, lane);

-- Spring Integration's JDBC channel message store (schema-postgresql.sql of spring-integration-jdbc
-- 7.1, the tables the channel store uses): the queue of partition requests for worker processes.
CREATE SEQUENCE INT_MESSAGE_SEQ START WITH 1 INCREMENT BY 1 NO CYCLE;

CREATE TABLE INT_CHANNEL_MESSAGE (
    MESSAGE_ID CHAR(36) NOT NULL,
    GROUP_KEY CHAR(36) NOT NULL,
    CREATED_DATE BIGINT NOT NULL,
    MESSAGE_PRIORITY BIGINT,
    MESSAGE_SEQUENCE BIGINT NOT NULL DEFAULT nextval('INT_MESSAGE_SEQ'),
    MESSAGE_CONTENT BYTEA,
    REGION VARCHAR(100) NOT NULL,
    constraint INT_CHANNEL_MESSAGE_PK primary key (REGION, GROUP_KEY, CREATED_DATE, MESSAGE_SEQUENCE)
);

CREATE INDEX INT_CHANNEL_MSG_DELETE_IDX ON INT_CHANNEL_MESSAGE (REGION, GROUP_KEY, MESSAGE_ID);

-- Worker processes that take partitions. A worker holds the advisory lock 'worker:<id>' on a
-- connection of its own for as long as it lives: a manager that sees the lock free knows it is gone.
CREATE TABLE fleet_worker (
    worker_id   text        PRIMARY KEY CHECK (worker_id ~ '^[A-Za-z0-9._@:-]{1,120}$'),
    host        text        NOT NULL,
    pid         bigint      NOT NULL,
    concurrency integer     NOT NULL CHECK (concurrency BETWEEN 1 AND 256),
    started_at  timestamptz NOT NULL DEFAULT now()
);

-- Which worker took which partition (a partition is a Spring Batch step execution). Taken once:
-- a request delivered twice, or one for a partition that is no longer waiting, is dropped.
CREATE TABLE fleet_partition_claim (
    step_execution_id bigint      PRIMARY KEY REFERENCES batch_step_execution (step_execution_id) ON DELETE CASCADE,
    worker_id         text        NOT NULL,
    claimed_at        timestamptz NOT NULL DEFAULT now()
);

-- Workers listen instead of polling: each new request notifies them (Spring Integration's
-- PostgresChannelMessageTableSubscriber listens on this channel, with this payload).
CREATE FUNCTION int_channel_message_notify_fct() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('int_channel_message_notify', NEW.region || ' ' || NEW.group_key);
    RETURN NEW;
END
$$;

CREATE TRIGGER int_channel_message_notify_trg AFTER INSERT ON int_channel_message
    FOR EACH ROW EXECUTE FUNCTION int_channel_message_notify_fct();
