package org.vigil.casefile.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Spreadsheet imports as stored (V8__import_jobs.sql). A step (checking, recording) runs under an attempt number;
 * its writes name the attempt, so a runner that was given up for lost and later wakes cannot overwrite the newer one.
 */
@ApplicationScoped
public class ImportJobStore {

    /** A job; {@code content} is read only by {@link #content}. */
    public record Job(UUID id, UUID populationId, String owner, String fileName, String state, String header, String mapping,
                      String eventType, String lines, int totalRows, int checkedRows, String errors, String recorded,
                      String message, int attempt, Instant createdAt, Instant updatedAt) {

        /** The same job with another mapping and type, as chosen on a page (not stored). */
        public Job withMapping(String mapping, String eventType) {
            return new Job(id, populationId, owner, fileName, state, header, mapping, eventType, lines, totalRows, checkedRows,
                    errors, recorded, message, attempt, createdAt, updatedAt);
        }

        public boolean running() {
            return state.equals("checking") || state.equals("recording");
        }
    }

    private static final String COLUMNS = "id, population_id, owner, file_name, state, header, mapping, event_type, lines,"
            + " total_rows, checked_rows, errors, recorded, message, attempt, created_at, updated_at";

    private final Pool pool;

    public ImportJobStore(Pool pool) {
        this.pool = pool;
    }

    /** A new job, waiting for its columns to be mapped; jobs kept past {@code expiresAt} are deleted. */
    public Uni<Void> insert(UUID id, UUID population, String owner, String fileName, String header, String mapping,
                            String eventType, byte[] content, String lines, int totalRows, Instant expiresAt) {
        Instant now = Instant.now();
        return pool.preparedQuery("INSERT INTO import_jobs (id, population_id, owner, file_name, state, header, mapping,"
                        + " event_type, content, lines, total_rows, created_at, updated_at, expires_at)"
                        + " VALUES ($1, $2, $3, $4, 'mapping', $5, $6, $7, $8, $9, $10, $11, $11, $12)")
                .execute(Tuple.from(new Object[] {id, population, owner, fileName, header, mapping, eventType,
                        io.vertx.core.buffer.Buffer.buffer(content), lines, totalRows, time(now), time(expiresAt)}))
                .replaceWithVoid();
    }

    /** Another file for the same job (a fixed one): back to mapping, what was found before forgotten. */
    public Uni<Void> replaceFile(UUID id, String fileName, String header, String mapping, byte[] content, String lines, int totalRows) {
        return pool.preparedQuery("UPDATE import_jobs SET file_name = $2, header = $3, mapping = $4, content = $5, lines = $6,"
                        + " total_rows = $7, checked_rows = 0, errors = NULL, message = NULL, state = 'mapping', attempt = attempt + 1,"
                        + " updated_at = now() WHERE id = $1 AND state NOT IN ('recording', 'recorded')")
                .execute(Tuple.from(new Object[] {id, fileName, header, mapping, io.vertx.core.buffer.Buffer.buffer(content),
                        lines, totalRows}))
                .replaceWithVoid();
    }

    /**
     * Starts a step: {@code state} (checking or recording) from one of {@code from}, with the mapping to use; answers
     * the attempt number the step runs under, or -1 when the job was not in a state to start it.
     */
    public Uni<Integer> start(UUID id, String state, String mapping, String eventType, String... from) {
        return pool.preparedQuery("UPDATE import_jobs SET state = $2, mapping = $3, event_type = $4, checked_rows = 0,"
                        + " message = NULL, attempt = attempt + 1, updated_at = now()"
                        + " WHERE id = $1 AND state = ANY ($5) RETURNING attempt")
                .execute(Tuple.of(id, state, mapping, eventType, from))
                .map(rows -> rows.size() == 0 ? -1 : rows.iterator().next().getInteger(0));
    }

    /** How far checking got. */
    public Uni<Void> progress(UUID id, int attempt, int checkedRows) {
        return pool.preparedQuery("UPDATE import_jobs SET checked_rows = $3, updated_at = now() WHERE id = $1 AND attempt = $2")
                .execute(Tuple.of(id, attempt, checkedRows)).replaceWithVoid();
    }

    /** A step's end: its state, what it found (errors, a receipt) and why it stopped, in words. */
    public Uni<Void> finish(UUID id, int attempt, String state, int checkedRows, String errors, String recorded, String message) {
        return pool.preparedQuery("UPDATE import_jobs SET state = $3, checked_rows = $4, errors = $5, recorded = $6, message = $7,"
                        + " updated_at = now() WHERE id = $1 AND attempt = $2")
                .execute(Tuple.from(new Object[] {id, attempt, state, checkedRows, errors, recorded, message}))
                .replaceWithVoid();
    }

    public Uni<Job> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM import_jobs WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
    }

    /** The file's rows as read, as CSV under the original header. */
    public Uni<byte[]> content(UUID id) {
        return pool.preparedQuery("SELECT content FROM import_jobs WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
    }

    /** Deletes the jobs kept past their time; answers how many. */
    public Uni<Integer> sweep(Instant now) {
        return pool.preparedQuery("DELETE FROM import_jobs WHERE expires_at < $1").execute(Tuple.of(time(now)))
                .map(rows -> rows.rowCount());
    }

    private static Job job(Row r) {
        return new Job(r.getUUID(0), r.getUUID(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8), r.getInteger(9), r.getInteger(10), r.getString(11),
                r.getString(12), r.getString(13), r.getInteger(14), r.getOffsetDateTime(15).toInstant(),
                r.getOffsetDateTime(16).toInstant());
    }

    private static OffsetDateTime time(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
