package org.vigil.casefile.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.vigil.access.Confidentiality;
import org.vigil.casefile.event.Event;
import org.vigil.casefile.projection.CaseFile;
import org.vigil.casefile.projection.CurrentColumns;
import org.vigil.casefile.projection.StatusView;

/**
 * Reads a population's current view (V10__current_view.sql): what its status today, as known now, needs, for a reader
 * cleared to some rung, without reading its history. A handful of statements, each bounded by what the status shows
 * (the latest entries of each long list and of the timeline, the latest headcounts per site, the registration, the
 * designations, refugee-status steps and relocations that move the population), plus the lengths, casualty sums and
 * levels the database keeps per statement. So a read costs what it shows, not how long the record is.
 */
@ApplicationScoped
public class CurrentStatus {

    private static final Logger LOG = Logger.getLogger(CurrentStatus.class);

    /** The revision of alias {@code f} is in force for a reader at rung $2, and counts (is not a retraction). */
    private static String inForce(String f) {
        return f + ".entry_level <= $2 AND " + f + ".level <= $2 AND " + f + ".superseded_from > $2 AND " + f + ".kind <> 'retracted'";
    }

    private static final String IN_FORCE = inForce("f");
    private static final String COLUMNS = "f.by_event, f.entry_id, f.stream_version, f.kind, f.type, f.recorded_at, f.reason, f.confidentiality, f.data";
    /** The order the status folds a list in (by the last day each fact may have happened), latest first. */
    private static final String LIST_ORDER = " ORDER BY f.latest DESC, f.stream_version DESC LIMIT $3";
    /** A restriction (alias f) a lifting in force lifts. */
    private static final String LIFTED = "EXISTS (SELECT 1 FROM facts l WHERE l.population_id = $1 AND l.fold_key = '"
            + CurrentColumns.LIFTS + "' || f.entry_id AND " + inForce("l") + ")";

    private static String type(Class<? extends Event> type) {
        return "'" + Event.typeName(type) + "'";
    }

    /** The latest {@code $3} facts of a type in force. */
    private static String latestOf(Class<? extends Event> type) {
        return "(SELECT " + COLUMNS + " FROM facts f WHERE f.population_id = $1 AND f.type = " + type(type) + " AND "
                + IN_FORCE + LIST_ORDER + ")";
    }

    /**
     * The revisions the current status folds (a revision may come twice: the caller keeps one): the latest headcounts
     * of each site and subgroup (its keys found by skipping through the index, one step a key) and the first, which
     * places the site in the fold's order, the relocations that
     * move the population, every registration, designation and refugee-status step, the latest of each long list
     * (restrictions: those not lifted), and the latest of the timeline.
     */
    private static final String SELECTED = """
            WITH RECURSIVE keys AS (
                (SELECT f.fold_key FROM facts f WHERE f.population_id = $1 AND f.fold_key > '%1$s' AND f.fold_key < '%2$s'
                 ORDER BY f.fold_key LIMIT 1)
                UNION ALL
                SELECT (SELECT f.fold_key FROM facts f WHERE f.population_id = $1 AND f.fold_key > k.fold_key AND f.fold_key < '%2$s'
                        ORDER BY f.fold_key LIMIT 1)
                FROM keys k WHERE k.fold_key IS NOT NULL)
            SELECT h.* FROM keys k,
                LATERAL (SELECT f.latest FROM facts f WHERE f.population_id = $1 AND f.fold_key = k.fold_key AND %3$s
                         ORDER BY f.latest DESC LIMIT 1) m,
                LATERAL (SELECT %4$s FROM facts f WHERE f.population_id = $1 AND f.fold_key = k.fold_key AND f.latest = m.latest AND %3$s
                         UNION ALL
                         (SELECT %4$s FROM facts f WHERE f.population_id = $1 AND f.fold_key = k.fold_key AND %3$s
                          ORDER BY f.latest, f.stream_version LIMIT 1)) h
            WHERE k.fold_key IS NOT NULL
            UNION ALL (SELECT %4$s FROM facts f WHERE f.population_id = $1 AND f.fold_key = '%5$s' AND %3$s)
            UNION ALL (SELECT %4$s FROM facts f WHERE f.population_id = $1 AND f.type IN (%6$s) AND %3$s)
            UNION ALL %7$s
            UNION ALL (SELECT %4$s FROM facts f WHERE f.population_id = $1 AND f.type = %8$s AND %3$s AND NOT %9$s%10$s)
            UNION ALL (SELECT %4$s FROM facts f WHERE f.population_id = $1 AND %3$s
                       ORDER BY f.earliest DESC, f.latest DESC, f.stream_version DESC LIMIT $3)
            """.formatted(CurrentColumns.COUNT, CurrentColumns.COUNT.substring(0, CurrentColumns.COUNT.length() - 1) + ';',
            IN_FORCE, COLUMNS, CurrentColumns.MOVES,
            String.join(", ", type(Event.Registered.class), type(Event.DesignationChanged.class), type(Event.RefugeeStatusChanged.class)),
            String.join(" UNION ALL ", latestOf(Event.Relocation.class), latestOf(Event.Attack.class),
                    latestOf(Event.CasualtiesClaimed.class), latestOf(Event.DetentionRecorded.class), latestOf(Event.InterventionRecorded.class)),
            type(Event.RestrictionRecorded.class), LIFTED, LIST_ORDER);

    /** Every revision a reader at rung $2 sees of the facts $1 (whose revision in force is a correction), in order. */
    private static final String CHAINS = "SELECT " + COLUMNS + " FROM facts f WHERE f.entry_id = ANY ($1) AND f.level <= $2 ORDER BY f.stream_version";

    private static final String TALLY = "SELECT type, n FROM current_tally WHERE population_id = $1 AND rung = $2";
    private static final String SUMS = "SELECT category, incidents, reporting, low, high, open_below, open_above, about FROM current_sums"
            + " WHERE population_id = $1 AND rung = $2";
    private static final String LEVELS = "SELECT entry_level, level, n FROM revision_levels WHERE population_id = $1 AND n <> 0";
    private static final String IN_FORCE_RESTRICTIONS = "SELECT count(*) FROM facts f WHERE f.population_id = $1 AND f.type = "
            + type(Event.RestrictionRecorded.class) + " AND " + IN_FORCE + " AND NOT " + LIFTED;
    private static final String PENDING = "SELECT EXISTS (SELECT 1 FROM facts WHERE level IS NULL)";

    private final Pool pool;

    public CurrentStatus(Pool pool) {
        this.pool = pool;
    }

    /**
     * Whether every stored revision carries the current view's columns. Rows written before V10 do not, until a
     * rebuild rewrites them; until then statuses are folded from the whole history, as before. Looked at when first
     * asked, then again at most every 30 s while the answer is no (a rebuild on another instance may have finished).
     */
    public Uni<Boolean> ready() {
        if (ready) return Uni.createFrom().item(true);
        long now = System.nanoTime();
        long last = lastLook;
        if (last != 0 && now - last < LOOK_AGAIN) return Uni.createFrom().item(false);
        lastLook = now;
        return pool.query(PENDING).execute().map(rows -> {
            boolean pending = rows.iterator().next().getBoolean(0);
            if (pending && last == 0) {
                LOG.warn("facts stored before the current view (V10) or its approximate sums (V11) are not in it: status reads fold whole histories until"
                        + " a rebuild (POST /admin/rebuild) has rewritten them");
            }
            ready = !pending;
            return ready;
        });
    }

    private static final long LOOK_AGAIN = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    private volatile boolean ready;
    private volatile long lastLook;

    /** What the current status of a population is folded from, for a reader cleared to some level, and its stored row. */
    public record Read(CaseFileRow row, CaseFile selected, Map<String, Long> listed, Map<String, StatusView.Summed> summed,
                       Map<String, Integer> withheld, Map<Confidentiality, Integer> held) {
    }

    /**
     * One read-only snapshot for all of a read's statements. Each statement is written to be answered by walking an
     * index in its order and stopping early; sorting and bitmap scans are turned off for the transaction because
     * PostgreSQL chose them when its statistics were behind a fast-growing population (autovacuum analyzes a table
     * after a tenth of it changed): at 100,000 events it sorted the whole population for each site and for the
     * timeline, 367 ms, where walking the indexes takes 2 ms (EXPLAIN ANALYZE, docs/benchmarks.md). JIT is off too: a
     * sort that cannot be avoided (a corrected fact's revisions) is costed as disabled, and so high that PostgreSQL
     * would compile the statement first, which takes longer than the read.
     */
    private static final String SNAPSHOT = "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
            + " SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off; SET LOCAL jit = off";

    private static final String ROW = "SELECT version, position, last_recorded_at, stalled_reason, stalled_at FROM case_files WHERE population_id = $1";

    /**
     * The current view of a population for a reader cleared to {@code clearance}, {@code latest} entries a list; null
     * when the population has no view. Every statement reads one snapshot (one read-only repeatable-read transaction,
     * its statements sent together on one connection), so the row, the facts and the tallies agree.
     */
    public Uni<Read> read(UUID id, Confidentiality clearance, int latest) {
        short rung = (short) clearance.ordinal();
        return pool.withConnection(conn -> conn.query(SNAPSHOT).execute()
                .chain(() -> {
                    Uni<RowSet<Row>> row = conn.preparedQuery(ROW).execute(Tuple.of(id));
                    Uni<RowSet<Row>> selected = conn.preparedQuery(SELECTED).execute(Tuple.of(id, rung, latest));
                    Uni<RowSet<Row>> tally = conn.preparedQuery(TALLY).execute(Tuple.of(id, rung));
                    Uni<RowSet<Row>> sums = conn.preparedQuery(SUMS).execute(Tuple.of(id, rung));
                    Uni<RowSet<Row>> levels = conn.preparedQuery(LEVELS).execute(Tuple.of(id));
                    Uni<RowSet<Row>> restrictions = conn.preparedQuery(IN_FORCE_RESTRICTIONS).execute(Tuple.of(id, rung));
                    return Uni.combine().all().unis(row, selected, tally, sums, levels, restrictions).asTuple();
                })
                .chain(t -> {
                    var rows = t.getItem1().iterator();
                    if (!rows.hasNext()) return Uni.createFrom().<Read>nullItem();
                    Row r0 = rows.next();
                    CaseFileRow row = new CaseFileRow();
                    row.populationId = id;
                    row.version = r0.getLong(0);
                    row.position = r0.getLong(1);
                    row.lastRecordedAt = r0.getOffsetDateTime(2) == null ? null : r0.getOffsetDateTime(2).toInstant();
                    row.stalledReason = r0.getString(3);
                    row.stalledAt = r0.getOffsetDateTime(4) == null ? null : r0.getOffsetDateTime(4).toInstant();
                    Map<UUID, FactRow> inForce = new LinkedHashMap<>();
                    Set<UUID> corrected = new HashSet<>();
                    for (FactRow f : facts(id, t.getItem2())) {
                        if (inForce.putIfAbsent(f.byEvent, f) == null && "corrected".equals(f.kind)) corrected.add(f.entryId);
                    }
                    Map<String, Long> listed = listed(t.getItem3(), t.getItem6());
                    Map<String, StatusView.Summed> summed = new LinkedHashMap<>();
                    for (Row r : t.getItem4()) {
                        summed.put(r.getString(0), new StatusView.Summed(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4),
                                r.getLong(5), r.getLong(6), r.getLong(7)));
                    }
                    Map<String, Integer> withheld = new LinkedHashMap<>();
                    for (Confidentiality level : Confidentiality.values()) if (!clearance.mayRead(level)) withheld.put(level.label(), 0);
                    Map<Confidentiality, Integer> held = new EnumMap<>(Confidentiality.class);
                    for (Row r : t.getItem5()) {
                        // as CaseFile.visibleTo counts: a fact first recorded above the clearance is withheld whole
                        Confidentiality first = Confidentiality.values()[r.getShort(0)];
                        Confidentiality own = Confidentiality.values()[r.getShort(1)];
                        int n = Math.toIntExact(r.getLong(2));
                        if (!clearance.mayRead(first)) withheld.merge(first.label(), n, Integer::sum);
                        else if (!clearance.mayRead(own)) withheld.merge(own.label(), n, Integer::sum);
                        else if (own != Confidentiality.PUBLIC) held.merge(own, n, Integer::sum);
                    }
                    Uni<RowSet<Row>> chains = corrected.isEmpty() ? Uni.createFrom().nullItem()
                            : conn.preparedQuery(CHAINS).execute(Tuple.of(corrected.toArray(UUID[]::new), rung));
                    return chains.chain(chained -> OffLoop.compute(() -> {
                        // each corrected fact as the reader sees its history (its revisions at or below the clearance),
                        // every other fact as its revision in force
                        List<FactRow> revisions = new ArrayList<>(inForce.size());
                        for (FactRow f : inForce.values()) if (!corrected.contains(f.entryId)) revisions.add(f);
                        if (chained != null) revisions.addAll(facts(id, chained));
                        CaseFile file = file(id, row.version, row.position, row.lastRecordedAt, revisions);
                        return new Read(row, file, listed, summed, withheld, held);
                    }));
                })
                .eventually(() -> conn.query("COMMIT").execute()));
    }

    private static final String KEY = "SELECT CAST(f.earliest AS text), CAST(f.latest AS text), f.stream_version FROM facts f"
            + " WHERE f.population_id = $1 AND f.entry_id = $3 AND " + IN_FORCE;
    private static final String PAGE = "SELECT " + COLUMNS + " FROM facts f WHERE f.population_id = $1 AND " + IN_FORCE
            + " AND (f.earliest, f.latest, f.stream_version) < (CAST(CAST($4 AS text) AS date), CAST(CAST($5 AS text) AS date), $6)"
            + " ORDER BY f.earliest DESC, f.latest DESC, f.stream_version DESC LIMIT $3";
    private static final String TIMELINE_TOTAL = "SELECT coalesce(sum(n), 0) FROM current_tally WHERE population_id = $1 AND rung = $2";

    /**
     * One page of the timeline of the current view, for a reader at {@code clearance}: the {@code limit} facts in force
     * just before the fact recorded by {@code before} in the timeline's order (null: the latest), as a case file, and
     * how many the whole timeline holds. {@code facts} is null when the population has no view ({@code known} false) or
     * {@code before} is not in its timeline. One snapshot, like {@link #read}.
     */
    public record Page(boolean known, CaseFile facts, long total) {
    }

    public Uni<Page> timeline(UUID id, Confidentiality clearance, UUID before, int limit) {
        short rung = (short) clearance.ordinal();
        Page unknown = new Page(false, null, 0);
        Page notThere = new Page(true, null, 0);
        return pool.withConnection(conn -> conn.query(SNAPSHOT).execute()
                .chain(() -> conn.preparedQuery(ROW).execute(Tuple.of(id)))
                .chain(row -> {
                    if (!row.iterator().hasNext()) return Uni.createFrom().item(unknown);
                    Uni<Tuple> at = before == null ? Uni.createFrom().item(Tuple.of("infinity", "infinity", Long.MAX_VALUE))
                            : conn.preparedQuery(KEY).execute(Tuple.of(id, rung, before)).map(rows -> {
                                if (!rows.iterator().hasNext()) return null;
                                Row r = rows.iterator().next();
                                return Tuple.of(r.getString(0), r.getString(1), r.getLong(2));
                            });
                    return at.chain(key -> {
                        if (key == null) return Uni.createFrom().item(notThere);
                        Uni<RowSet<Row>> page = conn.preparedQuery(PAGE).execute(Tuple.of(id, rung, limit, key.getString(0), key.getString(1), key.getLong(2)));
                        Uni<RowSet<Row>> total = conn.preparedQuery(TIMELINE_TOTAL).execute(Tuple.of(id, rung));
                        return Uni.combine().all().unis(page, total).asTuple().chain(t -> OffLoop.compute(() -> new Page(true,
                                file(id, 0, 0, null, facts(id, t.getItem1())),
                                ((Number) t.getItem2().iterator().next().getValue(0)).longValue())));
                    });
                })
                .eventually(() -> conn.query("COMMIT").execute()));
    }

    /** Fact rows as selected ({@link #COLUMNS}), of population {@code id}. */
    private static List<FactRow> facts(UUID id, RowSet<Row> rows) {
        List<FactRow> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            FactRow f = FactPages.fact(r);
            f.populationId = id;
            out.add(f);
        }
        return out;
    }

    /** A case file of these revisions, read in the order they were recorded, at the given bookkeeping. */
    private static CaseFile file(UUID id, long version, long position, java.time.Instant lastRecordedAt, List<FactRow> revisions) {
        List<FactRow> ordered = new ArrayList<>(revisions);
        ordered.sort(java.util.Comparator.comparingLong(f -> f.streamVersion));
        List<CaseFile.NewRevision> read = new ArrayList<>(ordered.size());
        for (FactRow f : ordered) read.add(Rows.toRevision(f));
        return CaseFile.fromRevisions(id, version, position, lastRecordedAt, read);
    }

    /** The length of each long list of the status, from the kept tally. */
    private static Map<String, Long> listed(RowSet<Row> tally, RowSet<Row> restrictions) {
        Map<String, Long> byType = new java.util.HashMap<>();
        long all = 0;
        for (Row r : tally) {
            byType.put(r.getString(0), r.getLong(1));
            all += r.getLong(1);
        }
        Map<String, Long> listed = new LinkedHashMap<>();
        listed.put("timeline", all);
        listed.put("movements", byType.getOrDefault(Event.typeName(Event.Relocation.class), 0L));
        listed.put("restrictionsInForce", restrictions.iterator().next().getLong(0));
        listed.put("incidents", byType.getOrDefault(Event.typeName(Event.Attack.class), 0L));
        listed.put("claimedAggregates", byType.getOrDefault(Event.typeName(Event.CasualtiesClaimed.class), 0L));
        listed.put("detentions", byType.getOrDefault(Event.typeName(Event.DetentionRecorded.class), 0L));
        listed.put("interventions", byType.getOrDefault(Event.typeName(Event.InterventionRecorded.class), 0L));
        return listed;
    }
}
