package org.vigil.casefile.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rebuilds, as stored (V7__rebuilds.sql): one row per run, with its progress and heartbeat, shared by every
 * instance. The database keeps at most one running.
 */
@ApplicationScoped
public class RebuildRuns {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, state, instance, requested_by, restart_of, started_at, heartbeat_at,"
            + " finished_at, events_done, events_total, populations, stalled, error";

    private final Pool pool;

    public RebuildRuns(Pool pool) {
        this.pool = pool;
    }

    /** A rebuild as stored. {@code eventsTotal} is null until the run has read where the topic ends. */
    public record Run(UUID id, String state, String instance, String requestedBy, UUID restartOf, Instant startedAt,
                      Instant heartbeatAt, Instant finishedAt, long eventsDone, Long eventsTotal, Integer populations,
                      Map<UUID, String> stalled, String error) {
    }

    /** A run just begun, or, when another is running already, that one (and nothing was written). */
    public record Begun(Run run, boolean started) {
    }

    /** Begins a run unless one is running; the database decides, whichever instance asks at the same moment. */
    public Uni<Begun> begin(UUID id, String instance, String requestedBy, UUID restartOf) {
        return pool.preparedQuery("INSERT INTO rebuilds (id, state, instance, requested_by, restart_of, started_at, heartbeat_at)"
                        + " VALUES ($1, 'running', $2, $3, $4, now(), now()) ON CONFLICT DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.of(id, instance, requestedBy, restartOf))
                .chain(rows -> rows.size() > 0 ? Uni.createFrom().item(new Begun(run(rows.iterator().next()), true))
                        : running().map(other -> other == null ? null : new Begun(other, false)))
                // the other run ended between the two statements: try once more
                .chain(begun -> begun != null ? Uni.createFrom().item(begun) : begin(id, instance, requestedBy, restartOf));
    }

    /**
     * The heartbeat of a run, with how far it got. False when the run is no longer running as far as the database
     * knows (another instance took it for dead and started over): its instance must stop it.
     */
    public Uni<Boolean> beat(UUID id, long eventsDone, Long eventsTotal) {
        return pool.preparedQuery("UPDATE rebuilds SET heartbeat_at = now(), events_done = $2,"
                        + " events_total = COALESCE($3, events_total) WHERE id = $1 AND state = 'running'")
                .execute(Tuple.of(id, eventsDone, eventsTotal)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> finish(UUID id, long eventsDone, Long eventsTotal, int populations, Map<UUID, String> stalled) {
        return pool.preparedQuery("UPDATE rebuilds SET state = 'done', finished_at = now(), heartbeat_at = now(),"
                        + " events_done = $2, events_total = COALESCE($3, events_total), populations = $4, stalled = $5"
                        + " WHERE id = $1 AND state = 'running'")
                .execute(Tuple.of(id, eventsDone, eventsTotal, populations, json(stalled))).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> fail(UUID id, long eventsDone, Long eventsTotal, String error) {
        return pool.preparedQuery("UPDATE rebuilds SET state = 'failed', finished_at = now(), heartbeat_at = now(),"
                        + " events_done = $2, events_total = COALESCE($3, events_total), error = $4"
                        + " WHERE id = $1 AND state = 'running'")
                .execute(Tuple.of(id, eventsDone, eventsTotal, error.length() > 2000 ? error.substring(0, 2000) : error))
                .replaceWithVoid();
    }

    /**
     * Marks the running rebuild interrupted if its heartbeat is older than {@code staleAfter} (its instance died or
     * lost the database): the interrupted run, or null. Only one instance gets it, however many ask.
     */
    public Uni<Run> interruptStale(Duration staleAfter) {
        return pool.preparedQuery("UPDATE rebuilds SET state = 'interrupted', finished_at = now(), error = 'its instance ('"
                        + " || instance || ') stopped answering: no heartbeat since ' || to_char(heartbeat_at AT TIME ZONE 'UTC',"
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || '; started over' WHERE state = 'running'"
                        + " AND heartbeat_at < now() - make_interval(secs => $1) RETURNING " + COLUMNS)
                .execute(Tuple.of(staleAfter.toMillis() / 1000.0)).map(RebuildRuns::first);
    }

    public Uni<Run> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM rebuilds WHERE id = $1").execute(Tuple.of(id)).map(RebuildRuns::first);
    }

    /** The run that started over an interrupted one, or null. */
    public Uni<Run> restartOf(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM rebuilds WHERE restart_of = $1").execute(Tuple.of(id))
                .map(RebuildRuns::first);
    }

    public Uni<Run> running() {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM rebuilds WHERE state = 'running'").execute().map(RebuildRuns::first);
    }

    /** The latest runs first. */
    public Uni<List<Run>> latest(int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM rebuilds ORDER BY started_at DESC LIMIT $1").execute(Tuple.of(limit))
                .map(rows -> {
                    List<Run> out = new java.util.ArrayList<>(rows.size());
                    for (Row r : rows) out.add(run(r));
                    return out;
                });
    }

    private static Run first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : run(rows.iterator().next());
    }

    private static Run run(Row r) {
        return new Run(r.getUUID("id"), r.getString("state"), r.getString("instance"), r.getString("requested_by"),
                r.getUUID("restart_of"), instant(r.getOffsetDateTime("started_at")), instant(r.getOffsetDateTime("heartbeat_at")),
                instant(r.getOffsetDateTime("finished_at")), r.getLong("events_done"), r.getLong("events_total"),
                r.getInteger("populations"), stalled(r.getString("stalled")), r.getString("error"));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String json(Map<UUID, String> stalled) {
        try {
            return JSON.writeValueAsString(stalled);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<UUID, String> stalled(String text) {
        if (text == null) return null;
        try {
            return JSON.readValue(text, new TypeReference<Map<UUID, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
