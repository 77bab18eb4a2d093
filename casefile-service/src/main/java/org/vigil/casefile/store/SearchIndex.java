package org.vigil.casefile.store;

import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Keeps the facts' words ({@code fact_words}) up with the views, behind the projection rather than in its
 * transaction (V9__search.sql says why): every half second, and at once again while there is more, one statement
 * indexes up to {@link #POPULATIONS} populations' revisions beyond their {@code search_marks}, at most
 * {@link #VERSIONS} stream versions each, and moves the marks, in one transaction. Reading a population's view version
 * and its facts in one statement sees every fact up to that version, since the consumer writes both in one
 * transaction; a mark above the view's version (a rebuild began again) indexes that population afresh. One instance
 * indexes at a time (an advisory lock), the others skip the turn. While this instance works through a backlog
 * ({@link Backlog}: a catch-up, a rebuild) the index takes one turn every 30 s only: making the words costs
 * PostgreSQL more than the views themselves, and on a few cores it would halve the catch-up; searches say what is
 * not indexed yet meanwhile.
 */
@ApplicationScoped
public class SearchIndex {

    private static final Logger LOG = Logger.getLogger(SearchIndex.class);
    static final int POPULATIONS = 20;
    static final int VERSIONS = 500;
    /** The advisory lock's key: "vigil search" in ASCII, any number no other lock of the database uses. */
    private static final long LOCK = 0x766967696c5345L;

    private static final String INDEX = """
            WITH todo AS (
                SELECT c.population_id, c.version,
                       CASE WHEN m.indexed_version IS NULL OR m.indexed_version > c.version THEN 0 ELSE m.indexed_version END AS after
                FROM case_files c LEFT JOIN search_marks m ON m.population_id = c.population_id
                WHERE m.indexed_version IS DISTINCT FROM c.version
                LIMIT $1),
            span AS (SELECT population_id, after, least(version, after + $2) AS upto FROM todo),
            batch AS (
                SELECT f.by_event, vigil_words(f.data, f.reason) AS words
                FROM facts f JOIN span s ON f.population_id = s.population_id
                                        AND f.stream_version > s.after AND f.stream_version <= s.upto),
            written AS (
                INSERT INTO fact_words (by_event, words) SELECT by_event, words FROM batch
                ON CONFLICT (by_event) DO UPDATE SET words = EXCLUDED.words
                RETURNING 1),
            marked AS (
                INSERT INTO search_marks (population_id, indexed_version) SELECT population_id, upto FROM span
                ON CONFLICT (population_id) DO UPDATE SET indexed_version = EXCLUDED.indexed_version
                RETURNING 1)
            SELECT (SELECT count(*) FROM written), (SELECT count(*) FROM marked)""";

    private final Pool pool;
    private final Vertx vertx;
    private final Backlog backlog;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    /** When the last turn began (System.nanoTime). */
    private volatile long lastTurn = System.nanoTime();
    /**
     * However long a backlog lasts, one turn this often: a backlog is judged by the clocks of two hosts (an event's
     * recording time against this one's), and a clock ahead by more than {@link Backlog#BEHIND} must not stop search.
     */
    static final long BACKLOG_TURN_NANOS = java.time.Duration.ofSeconds(30).toNanos();
    private long timer = -1;

    public SearchIndex(Pool pool, Vertx vertx, Backlog backlog) {
        this.pool = pool;
        this.vertx = vertx;
        this.backlog = backlog;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(500, id -> turn());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    /**
     * One turn: index while there is more, unless a turn is already running here, or the views have a backlog and a
     * turn began less than 30 s ago.
     */
    private void turn() {
        if (stopped || (backlog.now() && System.nanoTime() - lastTurn < BACKLOG_TURN_NANOS)) return;
        if (!running.compareAndSet(false, true)) return;
        lastTurn = System.nanoTime();
        indexSome().subscribe().with(moved -> {
            running.set(false);
            if (moved > 0 && !stopped && !backlog.now()) vertx.runOnContext(this::turn);
        }, e -> {
            running.set(false);
            LOG.debugf("search index: a turn failed (%s); the next one tries again", e.toString());
        });
    }

    /** Indexes one batch; answers how many populations' marks moved (0: nothing to do, or another instance's turn). */
    public Uni<Long> indexSome() {
        return pool.withTransaction(c -> c.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(LOCK))
                .chain(locked -> {
                    if (!locked.iterator().next().getBoolean(0)) return Uni.createFrom().item(0L);
                    return c.preparedQuery(INDEX).execute(Tuple.of(POPULATIONS, VERSIONS))
                            .map(rows -> rows.iterator().next().getLong(1));
                }));
    }
}
