package org.vigil.casefile.export;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Export jobs and the files they write, in chunks (V6__export_jobs.sql). */
@ApplicationScoped
public class ExportJobStore {

    private final Pool pool;

    public ExportJobStore(Pool pool) {
        this.pool = pool;
    }

    /** A job as stored. {@code token}: the secret part of its download link. */
    public record Job(UUID id, UUID populationId, String owner, String format, String parameters, String clearance,
                      String state, long streamVersion, long factsTotal, long factsDone, long rowsWritten, long bytesWritten,
                      String withheld, String error, String token, Instant createdAt, Instant updatedAt, Instant finishedAt,
                      Instant expiresAt) {
    }

    private static final String COLUMNS = "id, population_id, owner, format, parameters, clearance, state, stream_version,"
            + " facts_total, facts_done, rows_written, bytes_written, withheld, error, token, created_at, updated_at,"
            + " finished_at, expires_at";

    public Uni<Void> insert(Job j) {
        return pool.preparedQuery("INSERT INTO export_jobs (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                        + " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)")
                .execute(Tuple.from(new Object[] {j.id(), j.populationId(), j.owner(), j.format(), j.parameters(), j.clearance(),
                        j.state(), j.streamVersion(), j.factsTotal(), j.factsDone(), j.rowsWritten(), j.bytesWritten(),
                        j.withheld(), j.error(), j.token(), time(j.createdAt()), time(j.updatedAt()), time(j.finishedAt()),
                        time(j.expiresAt())}))
                .replaceWithVoid();
    }

    /** Stores chunk {@code n} of a job's file and how far the job got, in one transaction. */
    public Uni<Void> chunk(UUID id, int n, byte[] bytes, long factsDone, long rows, long totalBytes) {
        return pool.withTransaction(c -> c.preparedQuery("INSERT INTO export_chunks (job_id, n, bytes) VALUES ($1, $2, $3)")
                .execute(Tuple.of(id, n, io.vertx.core.buffer.Buffer.buffer(bytes)))
                .chain(() -> c.preparedQuery("UPDATE export_jobs SET facts_done = $2, rows_written = $3, bytes_written = $4,"
                        + " updated_at = now() WHERE id = $1").execute(Tuple.of(id, factsDone, rows, totalBytes)))
                .replaceWithVoid());
    }

    /** Progress without a chunk: the facts read so far. */
    public Uni<Void> progress(UUID id, long factsDone, long rows) {
        return pool.preparedQuery("UPDATE export_jobs SET facts_done = $2, rows_written = $3, updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id, factsDone, rows)).replaceWithVoid();
    }

    public Uni<Void> finish(UUID id, Instant expiresAt) {
        return pool.preparedQuery("UPDATE export_jobs SET state = 'done', finished_at = now(), updated_at = now(),"
                        + " expires_at = $2 WHERE id = $1 AND state = 'running'")
                .execute(Tuple.of(id, time(expiresAt))).replaceWithVoid();
    }

    public Uni<Void> fail(UUID id, String error) {
        return pool.preparedQuery("UPDATE export_jobs SET state = 'failed', error = $2, finished_at = now(), updated_at = now()"
                        + " WHERE id = $1 AND state = 'running'")
                .execute(Tuple.of(id, error.length() > 2000 ? error.substring(0, 2000) : error)).replaceWithVoid();
    }

    /** A job, or null. */
    public Uni<Job> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM export_jobs WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
    }

    /** Chunk {@code n} of a job's file, or null after the last. */
    public Uni<byte[]> read(UUID id, int n) {
        return pool.preparedQuery("SELECT bytes FROM export_chunks WHERE job_id = $1 AND n = $2").execute(Tuple.of(id, n))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
    }

    /**
     * Deletes the jobs whose link expired (with their files), and fails the running ones that have not moved since
     * {@code staleBefore}: the instance running them stopped. Answers how many were deleted.
     */
    public Uni<Integer> sweep(Instant now, Instant staleBefore) {
        return pool.preparedQuery("UPDATE export_jobs SET state = 'failed', finished_at = $2, error = 'the export stopped:"
                        + " the instance running it went away; start it again' WHERE state = 'running' AND updated_at < $1")
                .execute(Tuple.of(time(staleBefore), time(now)))
                .chain(() -> pool.preparedQuery("DELETE FROM export_jobs WHERE expires_at < $1").execute(Tuple.of(time(now))))
                .map(rows -> rows.rowCount());
    }

    private static Job job(Row r) {
        return new Job(r.getUUID(0), r.getUUID(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11), r.getString(12),
                r.getString(13), r.getString(14), instant(r.getOffsetDateTime(15)), instant(r.getOffsetDateTime(16)),
                instant(r.getOffsetDateTime(17)), instant(r.getOffsetDateTime(18)));
    }

    private static OffsetDateTime time(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
