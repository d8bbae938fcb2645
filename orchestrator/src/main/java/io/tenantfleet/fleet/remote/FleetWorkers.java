package io.tenantfleet.fleet.remote;

import io.tenantfleet.region.ControlPlaneConfiguration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The worker processes known to the control plane, whether they are alive, and which partition
 * each took. A worker is alive while it holds its advisory lock {@code worker:<id>}: the lock goes
 * with its connection, so a worker killed with -9 is seen gone at once, with no heartbeat to wait for.
 */
@Component
public class FleetWorkers {

    /** A worker that is alive. */
    public record Worker(String id, String host, long pid, int concurrency) {
    }

    /**
     * A partition of a job execution that has not finished, the worker that took it, if any, and
     * whether that worker took it longer than {@code stuckAfter} ago without starting it.
     */
    record OpenPartition(long stepExecutionId, String stepName, Optional<String> workerId, boolean stuck) {
    }

    private static final String HELD = """
            EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                    AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('worker:' || w.worker_id, 0))
            """;

    private final JdbcClient jdbc;

    FleetWorkers(@Qualifier(ControlPlaneConfiguration.JDBC) JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String lockName(String workerId) {
        return "worker:" + workerId;
    }

    /** Records a worker that holds its lock; a row left by an earlier worker of the same id is replaced. */
    void register(Worker worker) {
        jdbc.sql("""
                INSERT INTO fleet_worker (worker_id, host, pid, concurrency) VALUES (?, ?, ?, ?)
                ON CONFLICT (worker_id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid,
                    concurrency = EXCLUDED.concurrency, started_at = now()
                """).params(worker.id(), worker.host(), worker.pid(), worker.concurrency()).update();
    }

    void unregister(String workerId) {
        jdbc.sql("DELETE FROM fleet_worker WHERE worker_id = ?").param(workerId).update();
    }

    /** The workers alive now; rows of workers that are gone are removed. */
    public List<Worker> alive() {
        jdbc.sql("DELETE FROM fleet_worker w WHERE NOT " + HELD).update();
        return jdbc.sql("SELECT worker_id, host, pid, concurrency FROM fleet_worker w ORDER BY worker_id")
                .query((rs, n) -> new Worker(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4))).list();
    }

    boolean isAlive(String workerId) {
        return jdbc.sql("SELECT " + HELD + " FROM (SELECT ?::text AS worker_id) w").param(workerId)
                .query(Boolean.class).single();
    }

    /**
     * Takes a partition for a worker if it is still waiting to start and nobody took it: a request
     * delivered twice, or left in the queue after its run ended, is then dropped.
     */
    boolean claim(long stepExecutionId, String workerId) {
        return jdbc.sql("""
                INSERT INTO fleet_partition_claim (step_execution_id, worker_id)
                SELECT step_execution_id, ? FROM batch_step_execution WHERE step_execution_id = ? AND status = 'STARTING'
                ON CONFLICT (step_execution_id) DO NOTHING
                """).params(workerId, stepExecutionId).update() == 1;
    }

    /** The live workers running a partition of the job execution. */
    List<String> running(long jobExecutionId) {
        return jdbc.sql("""
                SELECT DISTINCT c.worker_id FROM fleet_partition_claim c JOIN batch_step_execution s USING (step_execution_id)
                JOIN fleet_worker w ON w.worker_id = c.worker_id
                WHERE s.job_execution_id = ? AND s.status IN ('STARTING', 'STARTED') AND\s""" + HELD)
                .param(jobExecutionId).query(String.class).list();
    }

    /** Partition requests waiting in the queue, of every manager. */
    long queued() {
        return jdbc.sql("SELECT count(*) FROM int_channel_message WHERE region = ?").param(PartitionQueue.REGION)
                .query(Long.class).single();
    }

    /** The partitions of a wave step's job execution that are waiting or running, with their worker. */
    List<OpenPartition> open(long jobExecutionId, String partitionStepPrefix, java.time.Duration stuckAfter) {
        return jdbc.sql("""
                SELECT s.step_execution_id, s.step_name, c.worker_id,
                       s.status = 'STARTING' AND c.claimed_at < now() - make_interval(secs => ?)
                FROM batch_step_execution s LEFT JOIN fleet_partition_claim c USING (step_execution_id)
                WHERE s.job_execution_id = ? AND s.step_name LIKE ? AND s.status IN ('STARTING', 'STARTED')
                ORDER BY s.step_execution_id
                """).params(stuckAfter.toSeconds(), jobExecutionId, partitionStepPrefix + "%")
                .query((rs, n) -> new OpenPartition(rs.getLong(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                        rs.getBoolean(4)))
                .list();
    }
}
